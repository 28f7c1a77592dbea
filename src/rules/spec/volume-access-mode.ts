/**
 * A claim one node attaches (ReadWriteOnce, ReadWriteOncePod) cannot serve pods spread over nodes: an unshared
 * volume on a service that runs several pods would leave all but the first stuck in ContainerCreating, and a
 * shared one is by definition mounted by several pods. Replicas are the environment's, the profile's included.
 */
import type { Issue } from '../../diagnostics/issue.js';
import { accessModeOf, manyPods } from '../../model/volumes.js';
import type { SpecRule } from '../rule.js';

export const volumeAccessMode: SpecRule = {
  meta: {
    id: 'volume-access-mode',
    description: 'A volume mounted by more than one pod is shared and ReadWriteMany',
    remediation: 'run one pod (replicas: 1), or make the volume shared: true on a storage class with ReadWriteMany',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    const profile = stack.profile ?? 'default';
    const issues: Issue[] = [];
    for (const [name, svc] of Object.entries(stack.services ?? {})) {
      for (const [volume, v] of Object.entries(svc.volumes ?? {})) {
        const mode = accessModeOf(v);
        if (v.shared && mode !== 'ReadWriteMany') {
          issues.push({
            code: 'volume-access-mode',
            message: `shared volume "${volume}" of "${name}" is ${mode}: one node attaches it, but every pod of every service listing it mounts it`,
            hint: 'remove accessMode (shared volumes are ReadWriteMany), or make it unshared',
            path: ['services', name, 'volumes', volume, 'accessMode'],
          });
        } else if (!v.shared && mode !== 'ReadWriteMany' && manyPods(svc, profile)) {
          issues.push({
            code: 'volume-access-mode',
            message: `volume "${volume}" of "${name}" is ${mode}, but "${name}" runs more than one pod: only the pods on one node could mount it`,
            hint: 'set replicas: 1 (an unshared volume is one pod\'s disk), or shared: true for a ReadWriteMany claim all pods mount',
            path: ['services', name, 'volumes', volume],
            atKey: true,
          });
        }
      }
    }
    return issues;
  },
};
