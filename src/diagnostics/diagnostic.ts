/** error: nothing is written or applied; warning: worth fixing, work goes on; info: a note. */
export type Severity = 'error' | 'warning' | 'info';

/** A problem found in user input, with where it is and how to fix it. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `unknown-key`. */
  code: string;
  /** @default 'error' */
  severity?: Severity;
  /** The named rule that found it (rules/), when one did. */
  ruleId?: string;
  /** The Kubernetes object it is about, as `Kind/namespace/name`, for object rules. */
  object?: string;
  message: string;
  hint?: string;
  /** A page that explains the rule and how to fix what it found. */
  docs?: string;
  /** Dotted path in the stack model, e.g. `services.api.ports.http` (empty for a finding on plain manifests). */
  path: string;
  /** Dotted path inside the Kubernetes object, e.g. `spec.template.spec.containers[0].image`, for object rules. */
  field?: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  col?: number;
  /** It points at a secret value: printers show no code frame for it, whoever renders it. */
  sensitive?: boolean;
  /** Set when the problem exists only in this environment's overlay of the stack. */
  environment?: string;
  /** Set when the problem exists only in this cluster's overlay of the environment. */
  cluster?: string;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? (i ? '.' : '') + p : `${i ? '.' : ''}"${p}"`))
    .join('');
}

export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diags]
    .sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) || a.message.localeCompare(b.message))
    .filter((d) => {
      const key = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}:${d.environment ?? ''}:${d.cluster ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
