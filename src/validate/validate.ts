/**
 * Stage 2 — validate: every problem in the stack at once, each located in the file. The schema check runs
 * on the file as written; then each environment's merged stack goes through the schema, the named rules
 * (rules/) and a trial resolve (which finds dangling uses, cycles and bad references). A problem present in
 * only some environments is reported with the environment's name.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { ModelPath, StackSource } from '../load/source.js';
import type { StackSpec } from '../model/stack.js';
import type { ResolvedStack } from '../model/resolved.js';
import { DEFAULT_ENVIRONMENT, environmentNames, mergeEnvironment } from '../resolve/merge-environment.js';
import { resolveStack } from '../resolve/resolve.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { Issue } from '../diagnostics/issue.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { environmentNameIssues, SPEC_RULES, runRule, type SpecContext } from '../rules/index.js';
import { schemaIssues } from './schema-check.js';
import { optionIssues } from './options-check.js';
import { enabledOnly } from '../model/enabled.js';

export interface ValidateOptions {
  /** Environments to check. @default all of them */
  environments?: string[];
  /** The catalog infra types come from. @default builtinCatalog */
  catalog?: Catalog;
}

export interface Validation {
  diagnostics: Diagnostic[];
  /** The stack, typed, when there are no diagnostics. */
  stack?: StackSpec;
  /** The trial resolution of each checked environment (when there are no diagnostics), so render need not redo it. */
  resolved?: Map<string, ResolvedStack>;
}

/** Where a path of an environment's merged stack was written: its overlay if it sets it, else the base. */
function locateFor(source: StackSource | undefined, environment: string | undefined, path: ModelPath, atKey: boolean) {
  if (!source) return undefined;
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    const overlay = ['environments', environment ?? '', ...prefix];
    if (environment && source.has(overlay)) return source.locate(overlay, atKey && n === path.length);
    if (source.has(prefix)) return source.locate(prefix, atKey && n === path.length);
  }
  return source.locate([], false);
}

/** An issue, located in the file: at the environment's overlay when it sets the path, else in the base. */
export function toDiagnostic(issue: Issue, source: StackSource | undefined, environment?: string): Diagnostic {
  const pos = locateFor(source, environment, issue.path, issue.atKey ?? false);
  return {
    code: issue.code,
    ...(issue.severity ? { severity: issue.severity } : {}),
    ...(issue.ruleId ? { ruleId: issue.ruleId } : {}),
    message: issue.message,
    ...(issue.hint ? { hint: issue.hint } : {}),
    path: formatPath(issue.path),
    ...(source ? { file: source.file } : {}),
    ...(pos ? { line: pos.line, col: pos.col } : {}),
    ...(environment ? { environment } : {}),
  };
}

/** Schema (with each infra type's options), rules and trial resolve for one environment's merged stack. */
function issuesOf(stack: StackSpec, env: string, catalog: Catalog, resolved?: Map<string, ResolvedStack>): Issue[] {
  const merged = mergeEnvironment(stack, env);
  const structural = schemaIssues(merged);
  if (structural.length) return structural;
  const options = optionIssues(merged, catalog);
  if (options.length) return options;
  const trial = resolveStack(stack, env, { catalog });
  if (trial.stack) resolved?.set(env, trial.stack);
  // A disabled component is not part of this environment: the rules check what is rendered.
  const active = enabledOnly(merged);
  const context: SpecContext = { catalog: (type) => catalog.entry(type) };
  return [...SPEC_RULES.flatMap((rule) => runRule(rule, active, context)), ...trial.issues];
}

const key = (i: Issue) => `${i.code}|${formatPath(i.path)}|${i.message}`;

/** Validate plain stack data (e.g. from defineStack) or a loaded file. */
export function validateStack(input: LoadedStack | { data: unknown; source?: StackSource }, opts: ValidateOptions = {}): Validation {
  const { data, source } = input;
  const catalog = opts.catalog ?? builtinCatalog;
  const base = schemaIssues(data);
  // A shape error inside environments.<env> belongs to that environment.
  const envOf = (i: Issue) => (i.path[0] === 'environments' && typeof i.path[1] === 'string' && i.path.length > 2 ? i.path[1] : undefined);
  if (base.length) return { diagnostics: sortDiagnostics(base.map((i) => ({ ...toDiagnostic(i, source), ...(envOf(i) ? { environment: envOf(i) } : {}) }))) };
  const stack = data as StackSpec;
  const all = environmentNames(stack);
  const unknown = (opts.environments ?? []).filter((e) => !all.includes(e));
  if (unknown.length) {
    return {
      diagnostics: unknown.map((e) => ({
        code: 'unknown-environment',
        message: `environment "${e}" is not defined in the stack`,
        hint: suggest(e, all, 'environments'),
        path: 'environments',
        ...(source ? { file: source.file } : {}),
        ...(source ? (source.locate(['environments']) ?? {}) : {}),
      })),
    };
  }
  const selected = opts.environments?.length ? opts.environments : all;
  const perEnv = new Map<string, Issue[]>();
  const resolved = new Map<string, ResolvedStack>();
  for (const env of selected) perEnv.set(env, issuesOf(stack, env, catalog, resolved));
  const diagnostics: Diagnostic[] = environmentNameIssues(stack).map((i) => toDiagnostic(i, source));
  // A problem is the base stack's (no environment named) when every environment has it, or — when only some
  // environments were checked — when the stack without any overlay has it too. Computed only on failure.
  let baseKeys: Set<string> | undefined;
  const inBase = (i: Issue) => {
    // The stack with no overlay at all: what every environment starts from.
    const { environments: _overlays, ...withoutOverlays } = stack;
    baseKeys ??= new Set(issuesOf(withoutOverlays, DEFAULT_ENVIRONMENT, catalog).map(key));
    return baseKeys.has(key(i));
  };
  const everywhere = (i: Issue) => (all.length === selected.length ? selected.every((e) => perEnv.get(e)!.some((j) => key(j) === key(i))) : inBase(i));
  const reported = new Set<string>();
  for (const env of selected) {
    for (const issue of perEnv.get(env)!) {
      const shared = !stack.environments || everywhere(issue);
      if (shared && reported.has(key(issue))) continue;
      reported.add(key(issue));
      diagnostics.push(toDiagnostic(issue, source, shared ? undefined : env));
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  // Warnings are reported but do not stop the stack from being used.
  return sorted.some((d) => (d.severity ?? 'error') === 'error') ? { diagnostics: sorted } : { diagnostics: sorted, stack, resolved };
}
