/** `service` and `worker` components run as a Deployment. */
import type { V1DeploymentSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../../k8s/object.js';
import { componentObject, type ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { podTemplate } from '../pod/template.js';

export function deployment(c: ServiceComponent, ctx: GenerateContext): K8sObject {
  const spec: V1DeploymentSpec = {
    replicas: c.replicas,
    revisionHistoryLimit: 5,
    selector: { matchLabels: { ...c.selector } },
    // Never drop below the desired count during a rollout.
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' },
    template: podTemplate(c.service, ctx, c.labels),
  };
  return componentObject('apps/v1', 'Deployment', c, ctx, { spec });
}
