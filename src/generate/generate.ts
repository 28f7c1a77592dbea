/** Stage 4 — generate: ResolvedStack → Kubernetes objects in apply order, plus the Secrets to generate. */
import type { GeneratedSecret } from '../model/generated-secret.js';
import { catalogEntry } from '../catalog/registry.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedStack } from '../model/resolved.js';
import { generatedLabels, ownerLabels } from '../model/ownership.js';
import { componentLabels } from './labels.js';
import { serviceAccount } from './objects.js';
import { orderObjects } from './order.js';
import { jobName, serviceObjects, type ServiceContext } from './service.js';

export interface Generated {
  /** Objects in apply order. */
  objects: K8sObject[];
  /** Secrets whose values slipway generates; see emit/secrets.ts. */
  secrets: GeneratedSecret[];
}

export function generate(stack: ResolvedStack): Generated {
  const base = { stack: stack.name, environment: stack.environment, namespace: stack.namespace, profile: stack.profile };
  const owner = { stack: stack.name, environment: stack.environment };
  const jobNames = new Map<string, string>();
  const ctx: ServiceContext = { ...base, infra: new Map(stack.infra.map((i) => [i.name, i])), jobNames };
  // Services are in dependency order, so a Job that waits on another Job sees that Job's final name.
  for (const s of stack.services) if (s.kind === 'job') jobNames.set(s.name, jobName(s, ctx));

  const objects: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: stack.namespace,
        labels: {
          ...ownerLabels(owner),
          // Everything slipway generates meets the restricted Pod Security Standard; enforcing it catches regressions.
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    },
  ];
  const secrets: GeneratedSecret[] = [];
  for (const infra of stack.infra) {
    if (infra.mode !== 'internal') continue;
    const entry = catalogEntry(infra.type);
    if (!entry) continue;
    const labels = componentLabels({ stack: stack.name, environment: stack.environment }, infra.name, infra.type, infra.image);
    objects.push(serviceAccount({ name: infra.name, namespace: stack.namespace, labels }, false));
    const out = entry.internal(infra, base);
    objects.push(...out.objects);
    secrets.push(...out.secrets);
  }
  for (const sec of stack.secrets) {
    secrets.push({
      name: sec.name,
      namespace: stack.namespace,
      labels: generatedLabels(owner),
      keys: sec.keys,
    });
  }
  for (const s of stack.services) objects.push(...serviceObjects(s, stack, ctx));
  return { objects: orderObjects(objects, stack.order), secrets: [...secrets].sort((a, b) => a.name.localeCompare(b.name)) };
}
