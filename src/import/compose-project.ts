/**
 * Stage 1 of `import`: a compose file (Compose Specification) read with positions, its `.env` applied, every
 * value interpolated. Keys are not interpolated (as in compose). Scalars stay text: environment values keep
 * what was written (`1.10` stays `1.10`); the mappers read numbers where the specification has them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { SlipwayError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import { parseYaml, readYamlText } from '../load/load-stack.js';
import type { ModelPath, StackSource } from '../load/source.js';
import { scalarsAsText } from '../load/written-text.js';
import { interpolate } from './interpolate.js';
import { Notes } from './notes.js';

export type Raw = Record<string, unknown>;

export interface ComposeProject {
  file: string;
  /** Folder relative paths (env_file, bind mounts, configs) are read from. */
  dir: string;
  /** The project name: `name:`, else the folder's name as compose derives it. */
  name: string;
  source: StackSource;
  data: Raw;
  /** Services in file order. */
  services: [string, Raw][];
  /** Values from `.env`, for env_file interpolation. */
  vars: ReadonlyMap<string, string>;
  notes: Notes;
}

/** Names compose looks for, in its order of preference. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose's project-name rule: lowercase letters, digits, dashes and underscores, starting with a letter or digit. */
function projectName(dir: string): string {
  return basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

function readDotenv(dir: string): Map<string, string> {
  const file = join(dir, '.env');
  if (!existsSync(file)) return new Map();
  return new Map(Object.entries(parseDotenv(withFs(file, 'read', () => readFileSync(file, 'utf8')))));
}

/** Interpolate every string value in place, noting unset variables and failing on required ones. */
function interpolateAll(node: unknown, path: (string | number)[], vars: ReadonlyMap<string, string>, notes: Notes): unknown {
  if (typeof node === 'string') {
    const r = interpolate(node, vars);
    if (r.required) notes.error(path, `\${${r.required.name}} is required: ${r.required.message}`, `set ${r.required.name} in the .env file next to the compose file`);
    for (const name of r.unset) notes.add('warning', 'compose-unset-variable', path, `\${${name}} is not set in .env: an empty string is written, as compose would`, `set ${name} in .env, or give it a default: \${${name}:-value}`);
    return r.value;
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolateAll(v, [...path, i], vars, notes));
  if (isRaw(node)) {
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('x-')) node[k] = interpolateAll(v, [...path, k], vars, notes);
  }
  return node;
}

export function loadCompose(file: string): ComposeProject {
  const text = readYamlText(file, 'compose file', `pass the path of a compose file, or run in a folder with ${COMPOSE_FILES.join(', ')}`);
  const { data, source } = parseYaml(text, file, scalarsAsText);
  const notes = new Notes(source);
  const fail = (path: ModelPath, message: string, hint: string): never => {
    notes.error(path, message, hint);
    throw new SlipwayError(notes.errors);
  };
  if (!isRaw(data)) return fail([], 'a compose file must be a YAML map with `services:`', 'start the file with `services:`');
  if (!isRaw(data.services) || !Object.keys(data.services).length) return fail(['services'], 'the compose file declares no services', 'add `services:` with at least one service');
  const dir = dirname(file);
  const vars = readDotenv(dir);
  interpolateAll(data, [], vars, notes);
  const services = Object.entries(data.services).map(([name, svc]): [string, Raw] => {
    if (!isRaw(svc)) notes.error(['services', name], `service "${name}" must be a map`, 'give it at least `image:`');
    return [name, isRaw(svc) ? svc : {}];
  });
  const name = typeof data.name === 'string' && data.name ? data.name : projectName(dir);
  return { file, dir, name, source, data, services, vars, notes };
}
