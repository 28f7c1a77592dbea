/** Read access to exactly the Jobs a service waits for, bound to the service's own ServiceAccount. */
import type { V1Role, V1RoleBinding } from '@kubernetes/client-node';
import { metadata, type Meta } from '../objects.js';
import { jobWaits, waitedJobName } from '../pod/waits.js';
import { serviceFeature } from './feature.js';

export const waitRbac = serviceFeature({
  name: 'wait-rbac',
  key: 'uses',
  applies: (c) => jobWaits(c.service.uses).length > 0,
  objects: (c, ctx) => {
    const meta: Meta = { name: `${c.name}-wait-jobs`, namespace: ctx.namespace, labels: c.labels };
    const jobs = jobWaits(c.service.uses).map((u) => waitedJobName(u, ctx)).sort();
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata(meta),
      // kubectl wait gets the Job, then lists and watches it with the field selector metadata.name=<job>; the
      // API server authorizes such a list/watch against resourceNames, so no other Job is readable.
      rules: [{ apiGroups: ['batch'], resourceNames: jobs, resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
    } satisfies V1Role;
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(meta),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: meta.name },
      subjects: [{ kind: 'ServiceAccount', name: c.name, namespace: ctx.namespace }],
    } satisfies V1RoleBinding;
    return [role, binding];
  },
});
