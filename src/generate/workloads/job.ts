/** `job` components run once per change of their pod template: the Job's name carries the template's hash. */
import type { V1JobSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../../k8s/object.js';
import { componentObject, type ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { jobName, podTemplate } from '../pod/template.js';

export function job(c: ServiceComponent, ctx: GenerateContext): K8sObject {
  const spec: V1JobSpec = { backoffLimit: 6, template: podTemplate(c.service, ctx, c.labels, 'OnFailure') };
  return componentObject('batch/v1', 'Job', c, ctx, { spec }, ctx.jobNames.get(c.name) ?? jobName(c.service, ctx));
}
