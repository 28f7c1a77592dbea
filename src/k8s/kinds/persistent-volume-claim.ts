import type { K8sObject } from '../object.js';
import { failed, ready, waiting, type Readiness } from '../readiness.js';
import type { KindInfo } from './kind.js';

function readiness(live: K8sObject): Readiness {
  const pvc = live as unknown as { spec?: { volumeName?: string }; status?: { phase?: string } };
  const phase = pvc.status?.phase ?? 'Pending';
  if (phase === 'Bound') return ready(`bound${pvc.spec?.volumeName ? ` to ${pvc.spec.volumeName}` : ''}`);
  // Lost: the bound PersistentVolume is gone; the data cannot come back by waiting.
  if (phase === 'Lost') return failed(`claim lost its volume${pvc.spec?.volumeName ? ` ${pvc.spec.volumeName}` : ''}`);
  return waiting(`${phase}: waiting for a volume to be bound`);
}

/** Claims hold data: never pruned (down --purge deletes them explicitly). */
export const persistentVolumeClaim: KindInfo = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', phase: 'config', namespaced: true, prunable: false, readiness };
