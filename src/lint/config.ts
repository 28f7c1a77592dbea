/**
 * The lint config file: per rule off, on, or a severity; and paths whose objects are not linted.
 *
 *   rules:
 *     run-as-root: off
 *     image-tag-latest: error
 *     liveness-probe-missing: on
 *   ignorePaths: [vendor/**]
 *   overrides:
 *     - files: [legacy/**]
 *       rules: { run-as-root: warning }
 *
 * Unknown rule ids and values are errors located in the file, with did-you-mean: a typo must not silently
 * leave a rule on.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { SlipwayError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import { StackSource, type ModelPath } from '../load/source.js';
import { RULES } from '../rules/index.js';
import { ruleById, type RuleSetting } from './rule-set.js';

export interface LintConfig {
  rules: Record<string, RuleSetting>;
  /** Globs (`*` within a path segment, `**` across them) of manifest files not to lint. */
  ignorePaths: string[];
  /** Settings for findings in files matching the globs; later entries win. */
  overrides: { files: string[]; rules: Record<string, RuleSetting> }[];
}

const SETTINGS: readonly RuleSetting[] = ['off', 'on', 'error', 'warning', 'info'];
const KEYS = ['rules', 'ignorePaths', 'overrides'];

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
  const config: LintConfig = { rules: {}, ignorePaths: [], overrides: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problem([], 'the lint config must be a map', 'e.g. rules: {run-as-root: off}');
    throw new SlipwayError(problems);
  }
  for (const key of Object.keys(data)) if (!KEYS.includes(key)) problem([key], `unknown key "${key}"`, suggest(key, KEYS, 'keys'), true);
  const ids = RULES.map((r) => r.meta.id);
  const settings = (value: unknown, at: ModelPath): Record<string, RuleSetting> => {
    const out: Record<string, RuleSetting> = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem(at, 'rules must be a map of rule id to off, on, error, warning or info', 'e.g. rules: {run-as-root: off}');
      return out;
    }
    for (const [id, v] of Object.entries(value)) {
      if (!ids.includes(id)) problem([...at, id], `unknown rule "${id}"`, suggest(id, ids, 'rules'), true);
      else if (typeof v !== 'string' || !SETTINGS.includes(v as RuleSetting)) problem([...at, id], `"${String(v)}" is not a rule setting`, `one of ${SETTINGS.join(', ')}`);
      else out[id] = v as RuleSetting;
    }
    return out;
  };
  config.rules = settings(data.rules ?? {}, ['rules']);
  const overrides = data.overrides ?? [];
  if (!Array.isArray(overrides)) problem(['overrides'], 'overrides must be a list of {files, rules}', 'e.g. overrides: [{files: [legacy/**], rules: {run-as-root: warning}}]');
  else {
    overrides.forEach((o: { files?: unknown; rules?: unknown }, i) => {
      const files = o?.files;
      if (!Array.isArray(files) || !files.length || files.some((f) => typeof f !== 'string')) problem(['overrides', i], 'an override needs files: a list of globs', 'e.g. files: [legacy/**]');
      config.overrides.push({ files: Array.isArray(files) ? (files as string[]) : [], rules: settings(o?.rules ?? {}, ['overrides', i, 'rules']) });
    });
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

/** The settings to run with: the base ones, plus every rule an override turns on somewhere. */
export function runSettings(config: LintConfig | undefined): Record<string, RuleSetting> {
  const out = { ...(config?.rules ?? {}) };
  for (const o of config?.overrides ?? []) {
    for (const [id, s] of Object.entries(o.rules)) {
      const offAtBase = out[id] === 'off' || (out[id] === undefined && ruleById(id)?.meta.enabledByDefault === false);
      if (s !== 'off' && offAtBase) out[id] = 'on';
    }
  }
  return out;
}

/**
 * Each finding under the setting for its file: the last override whose globs match it, else the base setting,
 * else the rule's default. Findings a setting turns off are dropped; a severity setting replaces the severity.
 */
export function applyOverrides(diags: readonly Diagnostic[], config: LintConfig | undefined, relativeTo: string): Diagnostic[] {
  if (!config?.overrides.length) return [...diags];
  const compiled = config.overrides.map((o) => ({ patterns: o.files.map(globPattern), rules: o.rules }));
  return diags.flatMap((d) => {
    if (!d.ruleId) return [d];
    const rel = d.file ? relative(relativeTo, d.file).split(sep).join('/') : undefined;
    let setting: RuleSetting | undefined = config.rules[d.ruleId];
    for (const o of compiled) if (rel !== undefined && o.patterns.some((p) => p.test(rel)) && o.rules[d.ruleId]) setting = o.rules[d.ruleId];
    const rule = ruleById(d.ruleId);
    const on = setting === undefined ? rule?.meta.enabledByDefault !== false : setting !== 'off';
    if (!on) return [];
    const severity = setting === 'error' || setting === 'warning' || setting === 'info' ? setting : (rule?.meta.severity ?? d.severity);
    return [{ ...d, ...(severity ? { severity } : {}) }];
  });
}
