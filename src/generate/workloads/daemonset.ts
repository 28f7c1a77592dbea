/** `agent` components run one pod per node as a DaemonSet. */
import type { V1DaemonSetSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../../k8s/object.js';
import { componentObject, type ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { podTemplate } from '../pod/template.js';

export function daemonSet(c: ServiceComponent, ctx: GenerateContext): K8sObject {
  const spec: V1DaemonSetSpec = {
    selector: { matchLabels: { ...c.selector } },
    template: podTemplate(c.service, ctx, c.labels),
    updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
  };
  return componentObject('apps/v1', 'DaemonSet', c, ctx, { spec });
}
