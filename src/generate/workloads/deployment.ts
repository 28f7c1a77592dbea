/** `service` and `worker` components run as a Deployment. */
import type { V1DeploymentSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../../k8s/object.js';
import { componentObject, type ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { singleAttach } from '../../model/volumes.js';
import { podTemplate } from '../pod/template.js';

export function deployment(c: ServiceComponent, ctx: GenerateContext): K8sObject {
  const spec: V1DeploymentSpec = {
    // With an autoscaler, spec.replicas is the HPA's: slipway applies with server-side apply, so a value here
    // would make slipway its owner and every `up` would reset the count the HPA chose. Left out, the API
    // server defaults it to 1 on create and the HPA raises it to min within one sync; after that nobody but
    // the HPA (or a `kubectl scale`) writes it. lifecycle/replicas-handover.ts keeps the count when a running
    // Deployment switches to autoscale.
    ...(c.service.autoscale ? {} : { replicas: c.replicas }),
    revisionHistoryLimit: 5,
    selector: { matchLabels: { ...c.selector } },
    // Never drop below the desired count during a rollout. Except with a claim one node attaches: the new pod
    // could not mount it while the old one holds it on another node, and the rollout would wait forever.
    strategy: c.service.volumes.some((v) => singleAttach(v.accessMode)) ? { type: 'Recreate' } : { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' },
    template: podTemplate(c.service, ctx, c.labels),
  };
  return componentObject('apps/v1', 'Deployment', c, ctx, { spec });
}
