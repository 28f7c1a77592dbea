/**
 * Preflight, the cluster half: read what the needs (plan/preflight.ts) ask about — the namespace, the key
 * names of each needed Secret, discovery of each custom kind — and nothing else. Reads only; never a value.
 */
import type { ClusterPort } from '../cluster/port.js';
import type { ClusterFacts, PreflightNeeds } from '../plan/preflight.js';
import { mapLimit } from '../util/concurrency.js';

export async function clusterFacts(client: ClusterPort, needs: PreflightNeeds): Promise<ClusterFacts> {
  const namespaceExists = (await client.get({ apiVersion: 'v1', kind: 'Namespace', name: needs.namespace })) !== undefined;
  const secretKeys = new Map<string, readonly string[]>();
  // No namespace, no Secrets in it: nothing to ask.
  if (namespaceExists) {
    await mapLimit(needs.secrets, 8, async (s) => {
      const keys = await client.secretKeys(needs.namespace, s.name);
      if (keys) secretKeys.set(s.name, keys);
    });
  }
  const served = new Set<string>();
  await mapLimit(needs.kinds, 8, async (k) => {
    if (await client.serves(k.apiVersion, k.kind)) served.add(`${k.apiVersion} ${k.kind}`);
  });
  return { namespaceExists, secretKeys, served };
}
