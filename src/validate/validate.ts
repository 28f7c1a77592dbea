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
import { clusterNames, DEFAULT_ENVIRONMENT, environmentNames, mergeEnvironment } from '../resolve/merge-environment.js';
import { resolveStack } from '../resolve/resolve.js';
import type { InitFiles } from '../load/init-files.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import type { Issue } from '../diagnostics/issue.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { clusterTargetIssues, environmentNameIssues, SPEC_RULES, runRule, type SpecContext } from '../rules/index.js';
import { schemaIssues } from './schema-check.js';
import { optionIssues } from './options-check.js';
import { externalIssues } from './external-check.js';
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
  /** The trial resolution of each checked environment and cluster, by targetKey (when there are no diagnostics), so render need not redo it. */
  resolved?: Map<string, ResolvedStack>;
}

/** Where a path of a merged stack was written: the cluster's overlay, else the environment's, else the base. */
function locateFor(source: StackSource | undefined, environment: string | undefined, path: ModelPath, atKey: boolean, cluster?: string) {
  if (!source) return undefined;
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    const exact = atKey && n === path.length;
    const inCluster = ['environments', environment ?? '', 'clusters', cluster ?? '', ...prefix];
    if (environment && cluster !== undefined && source.has(inCluster)) return source.locate(inCluster, exact);
    const overlay = ['environments', environment ?? '', ...prefix];
    if (environment && source.has(overlay)) return source.locate(overlay, exact);
    if (source.has(prefix)) return source.locate(prefix, exact);
  }
  return source.locate([], false);
}

/** An issue, located in the file: at the cluster's or environment's overlay when it sets the path, else in the base. */
export function toDiagnostic(issue: Issue, source: StackSource | undefined, environment?: string, cluster?: string): Diagnostic {
  const pos = locateFor(source, environment, issue.path, issue.atKey ?? false, cluster);
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
    ...(environment && cluster !== undefined ? { cluster } : {}),
  };
}

/** Key of a trial resolution in `Validation.resolved`: the environment, or `environment/cluster`. */
export function targetKey(environment: string, cluster?: string): string {
  return cluster === undefined ? environment : `${environment}/${cluster}`;
}

/** What a trial resolve needs besides the stack: the init files load read and the catalog. */
interface TrialInputs {
  files: InitFiles | undefined;
  catalog: Catalog;
}

/** Schema (with each infra type's options), rules and trial resolve for one environment's merged stack (or one cluster's of it). */
function issuesOf(stack: StackSpec, env: string, inputs: TrialInputs, resolved?: Map<string, ResolvedStack>, cluster?: string): Issue[] {
  const { files, catalog } = inputs;
  const merged = mergeEnvironment(stack, env, cluster);
  const structural = schemaIssues(merged);
  if (structural.length) return structural;
  const options = [...optionIssues(merged, catalog), ...externalIssues(merged, catalog)];
  if (options.length) return options;
  const trial = resolveStack(stack, env, { catalog, ...(files ? { initFiles: files } : {}), ...(cluster === undefined ? {} : { cluster }) });
  if (trial.stack) resolved?.set(targetKey(env, cluster), trial.stack);
  // A disabled component is not part of this environment: the rules check what is rendered.
  const active = enabledOnly(merged);
  const context: SpecContext = { catalog: (type) => catalog.entry(type) };
  return [...SPEC_RULES.flatMap((rule) => runRule(rule, active, context)), ...trial.issues];
}

/** An issue and, when only one cluster's overlay has it, that cluster. */
interface Found {
  issue: Issue;
  cluster?: string;
}

/** The environment's issues, then each cluster's that the environment itself does not have. */
function environmentIssues(stack: StackSpec, env: string, inputs: TrialInputs, resolved: Map<string, ResolvedStack>): Found[] {
  const own = issuesOf(stack, env, inputs, resolved);
  const found: Found[] = own.map((issue) => ({ issue }));
  const seen = new Set(own.map(key));
  for (const cluster of clusterNames(stack, env)) {
    for (const issue of issuesOf(stack, env, inputs, resolved, cluster)) {
      if (seen.has(key(issue)) || seen.has(`${cluster}|${key(issue)}`)) continue;
      seen.add(`${cluster}|${key(issue)}`);
      found.push({ issue, cluster });
    }
  }
  return found;
}

const key = (i: Issue) => `${i.code}|${formatPath(i.path)}|${i.message}`;

/** Validate plain stack data (e.g. from defineStack) or a loaded file. */
export function validateStack(input: LoadedStack | { data: unknown; source?: StackSource }, opts: ValidateOptions = {}): Validation {
  const { data, source } = input;
  const inputs: TrialInputs = { files: 'initFiles' in input ? input.initFiles : undefined, catalog: opts.catalog ?? builtinCatalog };
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
  const perEnv = new Map<string, Found[]>();
  const resolved = new Map<string, ResolvedStack>();
  for (const env of selected) perEnv.set(env, environmentIssues(stack, env, inputs, resolved));
  const diagnostics: Diagnostic[] = [...environmentNameIssues(stack), ...clusterTargetIssues(stack)].map((i) => toDiagnostic(i, source));
  // A problem is the base stack's (no environment named) when every environment has it, or — when only some
  // environments were checked — when the stack without any overlay has it too. Computed only on failure.
  let baseKeys: Set<string> | undefined;
  const inBase = (i: Issue) => {
    // The stack with no overlay at all: what every environment starts from.
    const { environments: _overlays, ...withoutOverlays } = stack;
    baseKeys ??= new Set(issuesOf(withoutOverlays, DEFAULT_ENVIRONMENT, inputs).map(key));
    return baseKeys.has(key(i));
  };
  const everywhere = (i: Issue) => (all.length === selected.length ? selected.every((e) => perEnv.get(e)!.some((j) => j.cluster === undefined && key(j.issue) === key(i))) : inBase(i));
  const reported = new Set<string>();
  for (const env of selected) {
    for (const { issue, cluster } of perEnv.get(env)!) {
      const shared = cluster === undefined && (!stack.environments || everywhere(issue));
      if (shared && reported.has(key(issue))) continue;
      reported.add(key(issue));
      diagnostics.push(toDiagnostic(issue, source, shared ? undefined : env, cluster));
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  // Warnings are reported but do not stop the stack from being used.
  return sorted.some((d) => (d.severity ?? 'error') === 'error') ? { diagnostics: sorted } : { diagnostics: sorted, stack, resolved };
}
