/**
 * Every component runs under its own ServiceAccount, named after it, so nothing shares the namespace's default
 * identity. Only a service that asks for it (serviceAccountToken: true) gets the token mounted.
 */
import type { Feature } from './feature.js';
import type { K8sObject } from '../../k8s/object.js';
import { serviceAccount as serviceAccountObject } from '../objects.js';
import { namespaceOf, operated } from '../component.js';

export const serviceAccount: Feature = {
  name: 'service-account',
  // An operator names its pods' ServiceAccount after the instance and makes it itself (CloudNativePG does).
  applies: (c) => !operated(c),
  objects: (c, ctx) => [serviceAccountObject({ name: c.name, namespace: namespaceOf(c, ctx), labels: c.labels }, c.component !== 'infra' ? c.service.serviceAccountToken : entryMountsToken(c.internal.objects))],
};

/** A catalog entry whose pods mount their token (a log agent reading pod metadata): its ServiceAccount says so too. */
function entryMountsToken(objects: readonly K8sObject[]): boolean {
  return objects.some((o) => (o.spec as { template?: { spec?: { automountServiceAccountToken?: boolean } } } | undefined)?.template?.spec?.automountServiceAccountToken === true);
}
