/**
 * Init scripts (`infra.<name>.init`) run by the provisioning Job, after the databases and users exist and
 * before any user of the server starts (the Job belongs to the server's step of the plan, which its users wait
 * for). Each script's sha256 is recorded in the database it ran in, table slipway_init:
 *   - not recorded: run it, then record it (PostgreSQL: both in one transaction);
 *   - recorded with the same hash: skip it, so re-running the Job is a no-op;
 *   - recorded with another hash: skip it and say so (`up` prints it), unless `--rerun-init` asked for it.
 * The record lives in the database itself, not in a ConfigMap or an annotation, because it describes that
 * database's contents: a dropped database or a lost volume takes the record with it, and the scripts run again
 * on the empty database, the one case where they must. (docker-entrypoint-initdb.d keys on an empty data
 * directory, which misses databases created later; Helm hooks run every time; this is Flyway's checksum table
 * without its refusal to start on a changed script.)
 *
 * The scripts travel in a ConfigMap named after their content, mounted read-only into the Job. Names, database
 * names and hashes are checked patterns (schema and resolve), so they appear in SQL and shell unquoted-safe.
 */
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra, ResolvedInitScript } from '../model/resolved.js';
import { configMap } from '../generate/objects.js';
import { fitName, shortHash } from '../generate/names.js';
import { infraLabels, shellQuote } from './common.js';
import type { CatalogContext } from './contract.js';

/** Where the Job mounts the scripts; the script reads INIT_DIR so a test can run it against files of its own. */
export const INIT_DIR = '/slipway/init';
/** First words of the termination message that lists the changed scripts a Job did not re-run; `up` reads it. */
export const INIT_REPORT_HEADER = 'init scripts changed but not re-run:';

/** How one engine runs a script file and keeps the record; each returns one shell command. */
export interface InitDialect {
  /** Creates the record table (and for ClickHouse the database) if missing. */
  prepare(database: string): string;
  /** Prints the recorded sha256 of `name`, nothing when there is none. */
  recorded(database: string, name: string): string;
  /**
   * Runs the file, then records `name` with `sha256`: commands joined by `;`, never `&&`, since `set -e` does not
   * stop at a failure on the left of `&&`.
   */
  apply(s: ResolvedInitScript, file: string): string;
}

/** ConfigMap key of script `i`: ordered, and named so `kubectl describe` shows which is which. */
export function initKey(s: ResolvedInitScript, i: number): string {
  return `${String(i + 1).padStart(2, '0')}-${s.name}`;
}

export function initConfigMapName(infra: ResolvedInfra): string {
  const scripts = infra.init ?? [];
  return fitName([infra.name, 'init', shortHash(JSON.stringify(scripts.map((s, i) => [initKey(s, i), s.text])))]);
}

/** The ConfigMap holding the scripts, or none. */
export function initConfigMap(infra: ResolvedInfra, ctx: CatalogContext): K8sObject[] {
  if (!infra.init?.length) return [];
  return [configMap({ name: initConfigMapName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, Object.fromEntries(infra.init.map((s, i) => [initKey(s, i), s.text])))];
}

/** Shell lines that run every init script of `infra` in order; empty when it has none. */
export function initShell(infra: ResolvedInfra, d: InitDialect): string[] {
  const scripts = infra.init ?? [];
  if (!scripts.length) return [];
  const lines = [
    // Changed scripts are collected and, in a pod, written to the termination message, which `up` reads.
    'changed=""',
    ...[...new Set(scripts.map((s) => s.database))].map((db) => d.prepare(db)),
  ];
  scripts.forEach((s, i) => {
    const id = `${infra.name}/${s.name}`;
    const file = `"$INIT_DIR"/${shellQuote(initKey(s, i))}`;
    lines.push(
      `had=$(${d.recorded(s.database, s.name)})`,
      `if [ "$had" = ${s.sha256} ]; then echo ${shellQuote(`init ${id}: already applied`)}`,
      s.rerun
        ? `elif [ -n "$had" ]; then ${d.apply(s, file)}; echo ${shellQuote(`init ${id}: changed, re-run as asked`)}`
        : `elif [ -n "$had" ]; then echo ${shellQuote(`init script ${id} changed; not re-run (use --rerun-init ${id})`)} >&2; changed="$changed ${id}"`,
      `else ${d.apply(s, file)}; echo ${shellQuote(`init ${id}: applied`)}; fi`,
    );
  });
  // The kubelet mounts /dev/termination-log into every container; elsewhere (a test) SLIPWAY_INIT_REPORT names a file.
  lines.push(
    `report=\${SLIPWAY_INIT_REPORT:-/dev/termination-log}`,
    `if [ -n "$changed" ] && [ -w "$report" ]; then echo "${INIT_REPORT_HEADER}$changed" > "$report"; fi`,
  );
  return lines;
}

/** The Job's mount and env for the scripts. */
export function initMount(infra: ResolvedInfra): { volumes: Record<string, unknown>[]; mounts: Record<string, unknown>[]; env: { name: string; value: string }[] } {
  if (!infra.init?.length) return { volumes: [], mounts: [], env: [] };
  return {
    volumes: [{ name: 'init', configMap: { name: initConfigMapName(infra) } }],
    mounts: [{ name: 'init', mountPath: INIT_DIR, readOnly: true }],
    env: [{ name: 'INIT_DIR', value: INIT_DIR }],
  };
}

/** The changed, not re-run scripts a finished provisioning Job reported (its termination message). */
export function changedInitScripts(message: string | undefined): string[] {
  const line = message?.split('\n').find((l) => l.startsWith(INIT_REPORT_HEADER));
  return line ? line.slice(INIT_REPORT_HEADER.length).trim().split(/\s+/).filter(Boolean) : [];
}
