/** The Argo CD flags of `render --format argocd`, checked and completed with their defaults. */
import { isAbsolute, posix } from 'node:path';
import { userError } from '../diagnostics/errors.js';
import type { GitOpsTarget } from '../emit/formats/contract.js';

export interface GitOpsFlags {
  repo?: string;
  revision?: string;
  path?: string;
  source?: string;
  layout?: string;
  server?: string;
  argocdNamespace?: string;
  project?: string;
  manualSync?: boolean;
}

/** The flags that only mean something to the argocd format (as typed on the command line). */
const FLAG_NAMES: Record<keyof GitOpsFlags, string> = {
  repo: '--repo',
  revision: '--revision',
  path: '--path',
  source: '--source',
  layout: '--layout',
  server: '--server',
  argocdNamespace: '--argocd-namespace',
  project: '--project',
  manualSync: '--manual-sync',
};

const SOURCES = ['helm', 'kustomize'] as const;
const LAYOUTS = ['applicationset', 'applications'] as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw userError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`, `e.g. ${flag} ${fallback}`);
}

/**
 * The target for `format`, or undefined for formats other than argocd (which refuse Argo CD flags rather than
 * silently ignore them). `out` is the --out folder: relative, it is the default repository path, since the usual
 * run is from the repository's root.
 */
export function gitopsTarget(format: string, flags: GitOpsFlags, out: string): GitOpsTarget | undefined {
  const given = (Object.keys(FLAG_NAMES) as (keyof GitOpsFlags)[]).filter((k) => flags[k] !== undefined);
  if (format !== 'argocd') {
    if (given.length) throw userError(`${FLAG_NAMES[given[0]!]} applies only to --format argocd`, `drop ${given.map((k) => FLAG_NAMES[k]).join(', ')}, or use --format argocd`);
    return undefined;
  }
  if (!flags.repo) throw userError('--format argocd needs the Git repository Argo CD reads the tree from', 'add --repo <url>, e.g. --repo https://github.com/acme/deploy.git');
  const path = flags.path ?? (isAbsolute(out) ? undefined : posix.normalize(out.split('\\').join('/')));
  if (path === undefined || path.startsWith('..')) {
    throw userError(`cannot tell where ${out} sits in the repository`, 'add --path <folder of --out inside the repository>, e.g. --path deploy/argocd');
  }
  return {
    repoURL: flags.repo,
    revision: flags.revision ?? 'HEAD',
    path: path.replace(/\/+$/, '') || '.',
    source: oneOf('--source', flags.source, SOURCES, 'helm'),
    layout: oneOf('--layout', flags.layout, LAYOUTS, 'applicationset'),
    server: flags.server ?? 'https://kubernetes.default.svc',
    namespace: flags.argocdNamespace ?? 'argocd',
    project: flags.project ?? 'default',
    automated: flags.manualSync !== true,
  };
}
