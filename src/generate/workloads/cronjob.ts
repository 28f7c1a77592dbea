/** `cron` components run on their schedule as a CronJob. */
import type { V1CronJobSpec } from '@kubernetes/client-node';
import type { K8sObject } from '../../k8s/object.js';
import { componentObject, type ServiceComponent } from '../component.js';
import type { GenerateContext } from '../context.js';
import { podTemplate } from '../pod/template.js';

export function cronJob(c: ServiceComponent, ctx: GenerateContext): K8sObject {
  const s = c.service;
  const spec: V1CronJobSpec = {
    concurrencyPolicy: s.concurrency,
    failedJobsHistoryLimit: 3,
    jobTemplate: { metadata: { labels: { ...c.labels } }, spec: { backoffLimit: 2, template: podTemplate(s, ctx, c.labels, 'OnFailure') } },
    // Validation guarantees a schedule on every cron service.
    schedule: s.schedule ?? '',
    // A run missed by more than this (controller down, cluster paused) is skipped rather than started late.
    startingDeadlineSeconds: 300,
    successfulJobsHistoryLimit: 3,
  };
  return componentObject('batch/v1', 'CronJob', c, ctx, { spec });
}
