/**
 * Revisions recorded in the cluster, one Secret per `up`/`rollback` in the target namespace (like Helm's release
 * records): who, when, result, the stack hash and the full rendered object set, gzipped. Generated credential
 * values are never part of the rendered set, so a revision holds no secret values.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ClusterPort } from '../cluster/port.js';
import { historyLabels, historySelector, REVISION_LABEL, STATUS_LABEL } from '../model/ownership.js';
import { formatTable } from '../util/table.js';
import type { K8sObject } from '../k8s/object.js';

export type RevisionStatus = 'pending' | 'deployed' | 'failed' | 'interrupted' | 'superseded';

export interface Revision {
  revision: number;
  stack: string;
  environment: string;
  stackHash: string;
  user: string;
  startedAt: string;
  finishedAt?: string;
  status: RevisionStatus;
  message?: string;
  /** The revision this one rolled back to, if it was a rollback. */
  rollbackOf?: number;
  objects: K8sObject[];
}

/** How many revisions are kept per stack and environment; older ones are deleted. */
export const KEEP_REVISIONS = 10;

export function revisionName(stack: string, environment: string, revision: number): string {
  return `slipway.${stack}.${environment}.v${revision}`;
}

export function encodeRevision(r: Revision, namespace: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: revisionName(r.stack, r.environment, r.revision),
      namespace,
      labels: { ...historyLabels(r.stack, r.environment), [REVISION_LABEL]: String(r.revision), [STATUS_LABEL]: r.status },
    },
    type: 'slipway.dev/revision.v1',
    data: { revision: gzipSync(JSON.stringify(r)).toString('base64') },
  };
}

export function decodeRevision(secret: K8sObject): Revision {
  const data = (secret as { data?: { revision?: string } }).data?.revision ?? '';
  return JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as Revision;
}

/** All revisions, oldest first. */
export async function listRevisions(client: ClusterPort, namespace: string, stack: string, environment: string): Promise<Revision[]> {
  const secrets = await client.list('v1', 'Secret', namespace, historySelector(stack, environment));
  return secrets.map(decodeRevision).sort((a, b) => a.revision - b.revision);
}

export async function saveRevision(client: ClusterPort, namespace: string, r: Revision): Promise<void> {
  await client.apply(encodeRevision(r, namespace));
}

/** Drop the oldest revisions beyond KEEP_REVISIONS. */
export async function trimRevisions(client: ClusterPort, namespace: string, all: readonly Revision[]): Promise<void> {
  for (const r of all.slice(0, Math.max(0, all.length - KEEP_REVISIONS))) {
    await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace, name: revisionName(r.stack, r.environment, r.revision) });
  }
}

export function formatHistory(revisions: readonly Omit<Revision, "objects">[]): string {
  const rows = [['REVISION', 'STATUS', 'STARTED', 'USER', 'STACK HASH', 'DESCRIPTION']];
  for (const r of revisions) {
    rows.push([String(r.revision), r.status, r.startedAt, r.user, r.stackHash.slice(0, 12), r.message ?? (r.rollbackOf ? `rollback to ${r.rollbackOf}` : '')]);
  }
  return formatTable(rows, '  ');
}
