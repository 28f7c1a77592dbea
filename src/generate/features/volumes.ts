/**
 * The PersistentVolumeClaims of a service's `volumes:`; the pod template mounts them. A shared claim is written
 * by the first service that lists it (resolve/volumes.ts), so it exists once. Claims are not prunable
 * (k8s/kinds/persistent-volume-claim.ts): `down` keeps them like infra data and only `down --purge` deletes them.
 */
import { componentObject } from '../component.js';
import { serviceFeature } from './feature.js';

export const volumes = serviceFeature({
  name: 'volumes',
  key: 'volumes',
  applies: (c) => c.service.volumes.some((v) => v.declares),
  objects: (c, ctx) => {
    // A claim outlives image versions: without the version label an image bump leaves it untouched.
    const { 'app.kubernetes.io/version': _version, ...labels } = c.labels;
    return c.service.volumes
      .filter((v) => v.declares)
      .map((v) =>
        componentObject(
          'v1',
          'PersistentVolumeClaim',
          { ...c, labels },
          ctx,
          {
            spec: {
              accessModes: [v.accessMode],
              resources: { requests: { storage: v.size } },
              ...(v.storageClass ? { storageClassName: v.storageClass } : {}),
            },
          },
          v.claim,
        ),
      );
  },
});
