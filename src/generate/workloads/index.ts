/** A component's workload: one builder per service kind; internal infra brings its own from the catalog. */
import type { K8sObject } from '../../k8s/object.js';
import type { ServiceKind } from '../../model/stack.js';
import type { Component, ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { cronJob } from './cronjob.js';
import { daemonSet } from './daemonset.js';
import { deployment } from './deployment.js';
import { job } from './job.js';

const BUILDERS: Readonly<Record<ServiceKind, (c: ServiceComponent, ctx: GenerateContext) => K8sObject>> = {
  service: deployment,
  worker: deployment,
  agent: daemonSet,
  job,
  cron: cronJob,
};

/** The workload objects of a component: its Deployment/DaemonSet/Job/CronJob, or the catalog's output for infra. */
export function workloadObjects(c: Component, ctx: GenerateContext): K8sObject[] {
  return c.component === 'infra' ? c.internal.objects : [BUILDERS[c.component](c, ctx)];
}
