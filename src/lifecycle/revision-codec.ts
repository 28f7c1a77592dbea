/**
 * How a revision is stored: one Secret per revision (like Helm's release records) holding the gzipped JSON and
 * an HMAC-SHA256 signature keyed by the project secret key.
 *
 * Why signed: `rollback` applies what a revision lists, so without a signature anyone who can write Secrets in
 * the namespace could plant or edit a revision and have the next rollback create a Deployment, RoleBinding or
 * anything else with the deployer's rights. The key never enters the cluster (credentials derived from it
 * are one-way), so such a person cannot sign. What they still can do: delete revisions (history is lost, not
 * rewritten), or put back an older genuinely signed copy of the same revision Secret (same stack, environment,
 * namespace and number — the signature covers all four), which can only make rollback pick a state this
 * project really deployed. Every decoded revision is also checked for shape, and rollback targets for
 * namespace, kinds and ownership labels (plan/rollback-guard.ts), so a signed-but-strange revision (a key
 * leaked, an old slipway) still cannot reach outside the stack.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { K8sObject } from '../k8s/object.js';
import { historyLabels, REVISION_LABEL, STATUS_LABEL } from '../model/ownership.js';
import { REVISION_STATUSES, type Revision } from '../model/revision.js';

export const REVISION_TYPE = 'slipway.dev/revision.v1';
/** A revision Secret is at most 1 MiB; its JSON is bounded too, so a planted gzip bomb cannot exhaust memory. */
const MAX_JSON_BYTES = 64 << 20;

export function revisionName(stack: string, environment: string, revision: number): string {
  return `slipway.${stack}.${environment}.v${revision}`;
}

/** The revision number a Secret claims by label or name (for reporting one that cannot be decoded). */
export function claimedNumber(secret: K8sObject): number | undefined {
  const text = secret.metadata.labels?.[REVISION_LABEL] ?? /\.v(\d+)$/.exec(secret.metadata.name)?.[1];
  const n = Number(text);
  return text !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function signature(key: Uint8Array, namespace: string, name: string, json: string): Buffer {
  // A key of its own for this use, so a revision signature is never equal to any derived credential.
  const subkey = createHmac('sha256', key).update('slipway.dev/revision-signature/v1').digest();
  return createHmac('sha256', subkey).update(`${namespace}\n${name}\n`).update(json).digest();
}

export function encodeRevision(r: Revision, namespace: string, key: Uint8Array): K8sObject {
  const name = revisionName(r.stack, r.environment, r.revision);
  const json = JSON.stringify(r);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { ...historyLabels(r.stack, r.environment), [REVISION_LABEL]: String(r.revision), [STATUS_LABEL]: r.status } },
    type: REVISION_TYPE,
    data: { revision: gzipSync(json).toString('base64'), signature: signature(key, namespace, name, json).toString('base64') },
  };
}

export class RevisionError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Shape checks on untrusted JSON: the fields the lifecycle reads have the types it assumes. */
function checkShape(v: unknown, expect: { stack: string; environment: string; name: string }): Revision {
  if (!isObj(v)) throw new RevisionError('not a JSON object');
  const bad = (what: string) => new RevisionError(`malformed: ${what}`);
  if (!Number.isSafeInteger(v.revision) || (v.revision as number) < 1) throw bad('revision is not a positive integer');
  if (v.stack !== expect.stack || v.environment !== expect.environment) throw bad(`records ${String(v.stack)}/${String(v.environment)}, not ${expect.stack}/${expect.environment}`);
  if (revisionName(expect.stack, expect.environment, v.revision as number) !== expect.name) throw bad(`revision ${String(v.revision)} stored under the name ${expect.name}`);
  for (const f of ['stackHash', 'user', 'startedAt'] as const) if (!isStr(v[f])) throw bad(`${f} is not a string`);
  for (const f of ['finishedAt', 'message'] as const) if (v[f] !== undefined && !isStr(v[f])) throw bad(`${f} is not a string`);
  if (!REVISION_STATUSES.includes(v.status as never)) throw bad(`unknown status ${JSON.stringify(v.status)}`);
  if (v.rollbackOf !== undefined && !Number.isSafeInteger(v.rollbackOf)) throw bad('rollbackOf is not an integer');
  if (!Array.isArray(v.objects)) throw bad('objects is not a list');
  for (const [i, o] of (v.objects as unknown[]).entries()) {
    if (!isObj(o) || !isStr(o.apiVersion) || !isStr(o.kind) || !isObj(o.metadata) || !isStr(o.metadata.name)) throw bad(`objects[${i}] is not a Kubernetes object`);
    if (o.metadata.namespace !== undefined && !isStr(o.metadata.namespace)) throw bad(`objects[${i}].metadata.namespace is not a string`);
    if (o.metadata.labels !== undefined && (!isObj(o.metadata.labels) || !Object.values(o.metadata.labels).every(isStr))) throw bad(`objects[${i}].metadata.labels is not a string map`);
  }
  if (v.graph !== undefined) {
    const g = v.graph;
    if (!isObj(g) || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) throw bad('graph is not {nodes, edges}');
    if (!g.nodes.every((n) => isObj(n) && isStr(n.name) && isStr(n.kind))) throw bad('graph.nodes');
    if (!g.edges.every((e) => isObj(e) && isStr(e.from) && isStr(e.to) && typeof e.wait === 'boolean')) throw bad('graph.edges');
  }
  return v as unknown as Revision;
}

/**
 * Decode and check one revision Secret. With `key`, the signature must verify; without one (reading history
 * where no project key exists) only the shape is checked. Throws RevisionError with a one-line reason.
 */
export function decodeRevision(secret: K8sObject, expect: { namespace: string; stack: string; environment: string }, key?: Uint8Array): Revision {
  const data = (secret as { data?: Record<string, unknown> }).data ?? {};
  if (!isStr(data.revision)) throw new RevisionError('no revision data');
  let json: string;
  try {
    json = gunzipSync(Buffer.from(data.revision, 'base64'), { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
  } catch (e) {
    throw new RevisionError(`revision data is not gzip: ${(e as Error).message}`);
  }
  if (key) {
    if (!isStr(data.signature)) throw new RevisionError('not signed (recorded by an older slipway, or not by slipway)');
    const want = signature(key, expect.namespace, secret.metadata.name, json);
    const got = Buffer.from(data.signature, 'base64');
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new RevisionError('signature does not match: edited outside slipway, or signed with another project key');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new RevisionError(`revision data is not JSON: ${(e as Error).message}`);
  }
  return checkShape(parsed, { stack: expect.stack, environment: expect.environment, name: secret.metadata.name });
}
