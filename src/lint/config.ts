/**
 * The lint config file: per rule off, on, or a severity; and paths whose objects are not linted.
 *
 *   rules:
 *     run-as-root: off
 *     image-tag-latest: error
 *     liveness-probe-missing: on
 *   ignorePaths: [vendor/**]
 *
 * Unknown rule ids and values are errors located in the file, with did-you-mean: a typo must not silently
 * leave a rule on.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { SlipwayError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import { StackSource, type ModelPath } from '../load/source.js';
import { RULES } from '../rules/index.js';
import type { RuleSetting } from './rule-set.js';

export interface LintConfig {
  rules: Record<string, RuleSetting>;
  /** Globs (`*` within a path segment, `**` across them) of manifest files not to lint. */
  ignorePaths: string[];
}

const SETTINGS: readonly RuleSetting[] = ['off', 'on', 'error', 'warning', 'info'];
const KEYS = ['rules', 'ignorePaths'];

export function parseLintConfig(text: string, file: string): LintConfig {
  const source = new StackSource(file, text);
  const problems: Diagnostic[] = [];
  const problem = (path: ModelPath, message: string, hint: string, atKey = false) =>
    problems.push({ code: 'invalid-lint-config', message, hint, path: path.join('.'), file, ...(source.locate(path, atKey) ?? {}) });
  const { doc } = source.document();
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = source.position(e.pos[0]);
    throw new SlipwayError([{ code: 'yaml-syntax', message: e.message.split('\n')[0]!, hint: 'the lint config must be valid YAML', path: '', file, ...pos }]);
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const config: LintConfig = { rules: {}, ignorePaths: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problem([], 'the lint config must be a map', 'e.g. rules: {run-as-root: off}');
    throw new SlipwayError(problems);
  }
  for (const key of Object.keys(data)) if (!KEYS.includes(key)) problem([key], `unknown key "${key}"`, suggest(key, KEYS, 'keys'), true);
  const ids = RULES.map((r) => r.meta.id);
  const rules = (data.rules ?? {}) as Record<string, unknown>;
  if (typeof rules !== 'object' || Array.isArray(rules)) problem(['rules'], 'rules must be a map of rule id to off, on, error, warning or info', 'e.g. rules: {run-as-root: off}');
  else {
    for (const [id, value] of Object.entries(rules)) {
      if (!ids.includes(id)) problem(['rules', id], `unknown rule "${id}"`, suggest(id, ids, 'rules'), true);
      else if (typeof value !== 'string' || !SETTINGS.includes(value as RuleSetting)) problem(['rules', id], `"${String(value)}" is not a rule setting`, `one of ${SETTINGS.join(', ')}`);
      else config.rules[id] = value as RuleSetting;
    }
  }
  const paths = data.ignorePaths ?? [];
  if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) problem(['ignorePaths'], 'ignorePaths must be a list of globs', 'e.g. ignorePaths: [vendor/**]');
  else config.ignorePaths = paths as string[];
  if (problems.length) throw new SlipwayError(problems);
  return config;
}

export function readLintConfig(file: string): LintConfig {
  return parseLintConfig(withFs(file, 'read', () => readFileSync(file, 'utf8')), file);
}

/** A glob as a RegExp over `/`-separated paths. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .split('/')
    .map((seg) => (seg === '**' ? '(?:.*/)?' : `${seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`))
    .join('');
  return new RegExp(`^(?:\\./)?${body.replace(/\/$/, '').replace(/\(\?:\.\*\/\)\?$/, '.*')}$`);
}
