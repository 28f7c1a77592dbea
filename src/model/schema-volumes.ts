/** Persistent volumes of services (see model/volumes.ts for claims, sharing and access modes). */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

const Size = doc(Type.Union([Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(k|Ki|M|Mi|G|Gi|T|Ti)?$' }), Type.Number()]), 'Size of the claim, e.g. 10Gi', {
  errorMessage: 'must be a storage size such as 512Mi or 10Gi',
});

export const VolumeSchema = doc(
  Type.Object(
    {
      path: doc(Type.String({ pattern: '^/' }), 'Where the volume is mounted in the container', { errorMessage: 'must be an absolute path' }),
      size: Size,
      storageClass: Type.Optional(doc(Type.String({ minLength: 1 }), 'StorageClass of the claim. @default the cluster default')),
      shared: Type.Optional(
        doc(Type.Boolean(), 'One claim, named after the volume, for every service that lists it (and all their pods): ReadWriteMany. @default false (one claim per service, one pod)'),
      ),
      accessMode: Type.Optional(
        doc(Type.Union([Type.Literal('ReadWriteOnce'), Type.Literal('ReadWriteOncePod'), Type.Literal('ReadWriteMany')]), '@default ReadWriteMany when shared, else ReadWriteOnce'),
      ),
    },
    { additionalProperties: false },
  ),
  'A PersistentVolumeClaim mounted at path. Kept by `down` like infra data; deleted only by `down --purge`.',
);

export const VolumesSchema = doc(
  Type.Record(Type.String({ pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$' }), VolumeSchema, { additionalProperties: false }),
  'Persistent volumes by name: {uploads: {path: /srv/uploads, size: 20Gi, shared: true}}',
  { errorMessage: 'volume names are lowercase DNS labels, e.g. uploads' },
);
