import type { ObjectRule } from '../rule.js';

export const hostPathVolume: ObjectRule = {
  meta: {
    id: 'host-path-volume',
    description: "A pod mounts a directory of the node (hostPath): it can read or change the node's files and ties the pod to one node",
    remediation: 'use a PersistentVolumeClaim, an emptyDir, a ConfigMap or a projected volume instead',
    severity: 'warning',
  },
  subject: 'object',
  check: (ix) =>
    ix.pods.flatMap((p) =>
      (p.spec.volumes ?? []).flatMap((v, i) => (v.hostPath ? [{ object: p.object, message: `volume "${v.name ?? i}" mounts the node's ${v.hostPath.path ?? 'path'}`, field: `${p.at}.volumes[${i}].hostPath` }] : [])),
    ),
};
