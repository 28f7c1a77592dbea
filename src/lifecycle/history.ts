/**
 * Revisions recorded in the cluster for one stack and environment (see revision-codec.ts for the format and
 * its signature). A Secret that cannot be used is reported by name and skipped: one bad record never stops
 * `history`, `up` or `rollback`.
 */
import type { ClusterPort } from '../cluster/port.js';
import { historySelector } from '../model/ownership.js';
import type { History, RejectedRevision, Revision, RevisionStatus } from '../model/revision.js';
import { formatTable } from '../util/table.js';
import { claimedNumber, decodeRevision, encodeRevision, RevisionError, revisionName } from './revision-codec.js';

export type { History, RejectedRevision, Revision, RevisionStatus } from '../model/revision.js';
export { KEEP_REVISIONS } from '../model/revision.js';
export { revisionName } from './revision-codec.js';

/** All revisions, oldest first; with `key`, only those signed with it count (the others are rejected). */
export async function listRevisions(client: ClusterPort, namespace: string, stack: string, environment: string, key?: Uint8Array): Promise<History> {
  const secrets = await client.list('v1', 'Secret', namespace, historySelector(stack, environment));
  const revisions: Revision[] = [];
  const rejected: RejectedRevision[] = [];
  for (const s of secrets) {
    try {
      revisions.push(decodeRevision(s, { namespace, stack, environment }, key));
    } catch (e) {
      if (!(e instanceof RevisionError)) throw e;
      const n = claimedNumber(s);
      rejected.push({ name: s.metadata.name, ...(n !== undefined ? { revision: n } : {}), reason: e.message });
    }
  }
  return { revisions: revisions.sort((a, b) => a.revision - b.revision), rejected: rejected.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function saveRevision(client: ClusterPort, namespace: string, r: Revision, key: Uint8Array): Promise<void> {
  await client.apply(encodeRevision(r, namespace, key));
}

export async function deleteRevisions(client: ClusterPort, namespace: string, stack: string, environment: string, numbers: readonly number[]): Promise<void> {
  for (const n of numbers) await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace, name: revisionName(stack, environment, n) });
}

/** A `history` row: a revision without its objects, or a record that was refused (status "rejected"). */
export type HistoryRow = Omit<Revision, 'objects' | 'graph' | 'status'> & { status: RevisionStatus | 'rejected' };

export function historyRows(h: History, stack: string, environment: string): HistoryRow[] {
  const rows: HistoryRow[] = h.revisions.map(({ objects: _o, graph: _g, ...r }) => r);
  for (const x of h.rejected) rows.push({ revision: x.revision ?? 0, stack, environment, stackHash: '', user: '', startedAt: '', status: 'rejected', message: `${x.name}: ${x.reason}` });
  return rows.sort((a, b) => a.revision - b.revision || (a.message ?? '').localeCompare(b.message ?? ''));
}

export function formatHistory(revisions: readonly HistoryRow[]): string {
  const rows = [['REVISION', 'STATUS', 'STARTED', 'USER', 'STACK HASH', 'DESCRIPTION']];
  for (const r of revisions) {
    rows.push([r.revision ? String(r.revision) : '?', r.status, r.startedAt, r.user, r.stackHash.slice(0, 12), r.message ?? (r.rollbackOf ? `rollback to ${r.rollbackOf}` : '')]);
  }
  return formatTable(rows, '  ');
}
