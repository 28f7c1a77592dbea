/**
 * `slipway lint`: production checks on a stack (one environment's render, findings at the stack's lines) or on
 * any Kubernetes YAML — files, folders, stdin, a Helm chart, a Kustomize folder (read as `analyze` reads them,
 * findings at each object's file and line) — or a live namespace.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import * as jsyaml from 'js-yaml';
import { readLocatedManifests, type LocatedObject } from '../analyze/read-manifests.js';
import { userError } from '../diagnostics/errors.js';
import type { K8sObject } from '../k8s/object.js';
import { applyOverrides, globPattern, readLintConfig, runSettings, type LintConfig } from '../lint/config.js';
import type { LintReport } from '../lint/lint.js';
import { lintObjects } from '../lint/lint-objects.js';
import { ruleSet } from '../lint/rule-set.js';
import type { CommandIO } from './target.js';
import { RUNNING_KINDS } from '../plan/namespace.js';

export const DEFAULT_LINT_CONFIG = '.slipway-lint.yaml';

/**
 * What `lint --cluster` reads: the objects people write, and the budgets, autoscalers and policies the
 * cross-object rules need. Not Secrets: lint never reads a secret value, so a Secret reference is not checked live.
 */
const LIVE_KINDS: readonly (readonly [string, string])[] = [
  ...RUNNING_KINDS,
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'ServiceAccount'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
];

/** A controller's ReplicaSet, Pod or Job is linted through its owner: its findings would repeat the owner's. */
const ownedByController = (o: K8sObject) => ((o.metadata.ownerReferences ?? []) as { controller?: boolean }[]).some((r) => r.controller === true);

export interface LintOptions extends CommandIO {
  /** A stack file to lint (the default input: `slipway.yaml`). */
  file?: string;
  /** The stack's environment. @default the only one, else required */
  environment?: string;
  /** Manifest files, folders, charts, Kustomize folders, or `-` for stdin (a single stack file is read as a stack). */
  paths?: readonly string[];
  /** Lint the live cluster instead. */
  cluster?: boolean;
  context?: string;
  /** Namespaces to read on the cluster. @default all */
  namespaces?: readonly string[];
  stdin?: () => string;
  /** A lint config file; @default `.slipway-lint.yaml` when it exists */
  config?: string;
}

export interface LintResult extends LintReport {
  /** How many rules ran (object and resolved rules that are on). */
  rules: number;
}

/** A single YAML file whose first document has no `kind`: a stack, not a manifest. */
function isStackFile(path: string): boolean {
  if (path === '-' || !existsSync(path) || !statSync(path).isFile() || !/\.ya?ml$/.test(path)) return false;
  try {
    const first = jsyaml.load(firstDocument(head(path)), { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown> | null;
    return typeof first === 'object' && first !== null && !Array.isArray(first) && first.kind === undefined && first.apiVersion === undefined;
  } catch {
    return false;
  }
}

/**
 * The text up to the second document: deciding stack or manifests must not parse a 50,000-object file twice. A
 * separator counts once something other than comments and directives came before it.
 */
export function firstDocument(text: string): string {
  const separator = /^(?:---|\.\.\.)(?=[ \t]|$)/gm;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    const before = text.slice(0, m.index);
    if (/^[^#%\s]/m.test(before)) return before;
  }
  return text;
}

/** The file's first document: from its first megabyte when a separator is in there, else the whole file. */
function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    const text = chunk.subarray(0, n).toString('utf8');
    const first = firstDocument(text);
    return first.length < text.length || n < chunk.length ? first : firstDocument(readFileSync(path, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function ignoredPath(config: LintConfig | undefined): (l: LocatedObject) => boolean {
  const patterns = (config?.ignorePaths ?? []).map(globPattern);
  if (!patterns.length) return () => false;
  return (l) => {
    const rel = relative(process.cwd(), l.file).split(sep).join('/');
    return patterns.some((p) => p.test(rel) || p.test(l.file));
  };
}

export async function lintCommand(opts: LintOptions): Promise<LintResult> {
  const config = configOf(opts);
  const result = await lintInputs(opts, config);
  return { ...result, diagnostics: applyOverrides(result.diagnostics, config, process.cwd()) };
}

function configOf(opts: LintOptions): LintConfig | undefined {
  const configFile = opts.config ?? (existsSync(DEFAULT_LINT_CONFIG) ? DEFAULT_LINT_CONFIG : undefined);
  return configFile ? readLintConfig(configFile) : undefined;
}

async function lintInputs(opts: LintOptions, config: LintConfig | undefined): Promise<LintResult> {
  const rules = ruleSet(runSettings(config));
  const count = rules.object.length + rules.resolved.length;
  const paths = opts.paths ?? [];
  if (opts.cluster && (paths.length || opts.file)) throw userError('lint reads either files or a cluster, not both', 'drop the paths, or drop --cluster');
  const stackFile = opts.file ?? (paths.length === 1 && isStackFile(paths[0]!) ? paths[0] : paths.length || opts.cluster ? undefined : 'slipway.yaml');
  if (stackFile !== undefined) {
    if (opts.file && paths.length) throw userError('lint reads either a stack (-f) or manifests, not both', 'drop -f, or drop the paths');
    const { loadStack } = await import('../load/load-stack.js');
    const { lintStack } = await import('../lint/lint.js');
    return { ...lintStack(loadStack(stackFile), { ...(opts.environment ? { environment: opts.environment } : {}), rules, ...(opts.catalog ? { catalog: opts.catalog } : {}) }), rules: count };
  }
  if (opts.environment) throw userError('-e names an environment of a stack; manifests have none', 'drop -e, or lint the stack file');
  if (opts.cluster) {
    const { readCluster } = await import('../analyze/read-cluster.js');
    const client = opts.client ?? (await import('../cluster/client.js')).ClusterClient.connect(opts.context);
    const objects = (await readCluster(client, opts.namespaces ?? [], LIVE_KINDS)).filter((o) => !ownedByController(o));
    const where = opts.namespaces?.length ? `namespace ${opts.namespaces.join(', ')}` : 'all namespaces';
    return { target: `the cluster (${where})`, objects: objects.length, diagnostics: lintObjects(objects, rules), rules: count };
  }
  const stdin = opts.stdin ?? (() => '');
  const skip = ignoredPath(config);
  const located = paths.flatMap((p) => readLocatedManifests(p, stdin)).filter((l) => !skip(l));
  return { target: paths.join(', '), objects: located.length, diagnostics: lintObjects(located, rules), rules: count };
}

