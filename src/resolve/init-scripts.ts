/**
 * Init scripts of an infra entry: each one's text (inline or from the file load read), the name its run is
 * recorded under, the database it runs in, and its sha256. The provisioning Job compares that hash with the
 * one recorded in the database, so the checks that matter happen here, before anything reaches a cluster.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { CatalogEntry } from '../catalog/contract.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { userError } from '../diagnostics/errors.js';
import type { Issue } from '../diagnostics/issue.js';
import type { InitFiles } from '../load/init-files.js';
import type { ResolvedInitScript, ResolvedStack } from '../model/resolved.js';
import type { InfraSpec } from '../model/stack.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export interface InitInput {
  name: string;
  spec: InfraSpec;
  entry: CatalogEntry;
  /** The main database and the own databases of this server. */
  database: string;
  databases: readonly string[];
  files: InitFiles | undefined;
  issues: Issue[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The resolved init list, or undefined when there is none; problems go to `issues`. */
export function resolveInit(x: InitInput): ResolvedInitScript[] | undefined {
  const list = x.spec.init;
  if (!list?.length) return undefined;
  const at = ['infra', x.name, 'init'];
  if (!x.entry.initLanguage) {
    x.issues.push({ code: 'init-not-supported', message: `${x.entry.type} runs no init scripts`, hint: 'init scripts run on postgresql, mysql and clickhouse', path: at });
    return undefined;
  }
  if ((x.spec.mode ?? 'internal') === 'external') {
    x.issues.push({
      code: 'init-not-supported',
      message: `init scripts run only on internal infra; "${x.name}" is external`,
      hint: 'apply them with your own migration tool on the managed server, or from a `kind: job` service that uses it',
      path: at,
    });
    return undefined;
  }
  const known = [x.database, ...x.databases];
  const out: ResolvedInitScript[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const o = typeof item === 'string' ? { file: item } : item;
    const path = [...at, i];
    if ((o.file === undefined) === (o.sql === undefined)) {
      x.issues.push({ code: 'init-script-source', message: 'an init script needs exactly one of file: and sql:', hint: 'file: init/schema.sql, or sql: with name:', path });
      return;
    }
    const fromFile = o.file !== undefined ? basename(o.file) : undefined;
    const name = o.name ?? fromFile;
    if (name === undefined || !NAME.test(name)) {
      x.issues.push({
        code: 'init-needs-name',
        message: name === undefined ? 'an inline init script needs a name' : `the file name "${name}" cannot name the init script`,
        hint: 'add name: (lowercase letters, digits, ".", "_", "-"): its run is recorded under it',
        path,
      });
      return;
    }
    if (seen.has(name)) {
      x.issues.push({ code: 'init-duplicate-name', message: `two init scripts of "${x.name}" are named "${name}"`, hint: 'give one of them another name:', path: o.name ? [...path, 'name'] : [...path, 'file'] });
      return;
    }
    seen.add(name);
    const database = o.database ?? x.database;
    // ClickHouse has no own databases: its init scripts create the databases they name.
    if (x.entry.supportsDatabases && !known.includes(database)) {
      x.issues.push({
        code: 'init-unknown-database',
        message: `init script "${name}" runs in database "${database}", which ${x.name} does not have`,
        hint: `${suggest(database, known, 'databases')} (an own database comes from \`uses: [{${x.name}: {database: ${database}}}]\`)`,
        path: [...path, 'database'],
      });
      return;
    }
    let text: string;
    if (o.file !== undefined) {
      const read = x.files?.get(o.file);
      if (!read || 'error' in read) {
        x.issues.push({
          code: 'init-file-unreadable',
          message: `init script file ${read ? read.error : `not found: ${o.file}`}`,
          hint: 'paths are relative to the folder of the stack file',
          path: typeof item === 'string' ? path : [...path, 'file'],
        });
        return;
      }
      text = read.text;
    } else text = o.sql!;
    out.push({ name, database, ...(o.file !== undefined ? { file: o.file } : {}), text, sha256: sha256(text) });
  });
  return out;
}

/**
 * Marks `<infra>/<script>` (or every script of `<infra>`) to run again even though another version of it was
 * recorded: the user has read the change and asks for it. An unknown name is a user error.
 */
export function withRerun(stack: ResolvedStack, asked: readonly string[]): ResolvedStack {
  if (!asked.length) return stack;
  const all = stack.infra.flatMap((i) => (i.init ?? []).map((s) => `${i.name}/${s.name}`));
  for (const a of asked) {
    if (all.includes(a) || stack.infra.some((i) => i.name === a && i.init?.length)) continue;
    throw userError(`--rerun-init ${a}: no such init script`, all.length ? suggest(a, all, 'init scripts') : 'this environment has no init scripts');
  }
  const picked = (infra: string, name: string) => asked.includes(infra) || asked.includes(`${infra}/${name}`);
  return { ...stack, infra: stack.infra.map((i) => (i.init ? { ...i, init: i.init.map((s) => (picked(i.name, s.name) ? { ...s, rerun: true as const } : s)) } : i)) };
}
