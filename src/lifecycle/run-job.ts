/**
 * The Job `slipway run` starts: pure, from what the stack renders. A `job` component runs again exactly as
 * rendered (same pod template) under a fresh name; a service's one-off task gets the service's pod template —
 * image, env, files, Secrets, ServiceAccount, wait containers, network identity — with the command replaced.
 */
import type { K8sObject } from '../k8s/object.js';
import { podTemplateOf, type PodTemplateLike } from '../k8s/pod-template.js';
import { runLabels, type Owner } from '../model/ownership.js';

/** A finished run stays readable (logs, result) this long before the Job controller deletes it. */
export const RUN_TTL_SECONDS = 24 * 3600;
/**
 * A pod readiness gate nobody sets: a one-off pod of a service keeps the service's labels (so the network policies
 * that let the service reach its dependencies let the task through too) but never becomes Ready, so the Service
 * in front of those labels never sends it traffic.
 */
export const ONE_OFF_GATE = 'slipway.dev/one-off-task';

export interface RunJobInput {
  owner: Pick<Owner, 'stack' | 'environment' | 'namespace'>;
  /** Resolved component name: the Job's name prefix. */
  component: string;
  /** The rendered workload: the component's Job, or a service's Deployment/StatefulSet/DaemonSet/CronJob. */
  source: K8sObject;
  /** The container to run `command` in (the app container); required for a non-Job source. */
  container?: string;
  /** Replaces the container's command (and drops its args). Required for a non-Job source. */
  command?: string[];
  /** The Job fails itself after this many seconds (activeDeadlineSeconds), so a hung run does not outlive the wait. */
  deadlineSeconds: number;
}

type Container = { name: string; command?: string[]; args?: string[]; readinessProbe?: unknown; livenessProbe?: unknown; startupProbe?: unknown };
type PodSpec = { containers: Container[]; restartPolicy?: string; readinessGates?: { conditionType: string }[] };

export function runJob(input: RunJobInput): K8sObject {
  const { source, owner, component } = input;
  const isJob = source.kind === 'Job';
  const template = podTemplateOf(source) as PodTemplateLike & { spec: PodSpec };
  let spec: PodSpec = template.spec;
  if (!isJob || input.command) {
    if (!input.command?.length) throw new Error(`runJob: a command is needed to run ${source.kind}/${source.metadata.name} as a Job`);
    const name = input.container ?? spec.containers[0]!.name;
    spec = {
      ...spec,
      containers: spec.containers.map((c) => {
        if (c.name !== name) return c;
        // A task exits when done: probes would only report it as failing, and args belonged to the old command.
        const { args: _args, readinessProbe: _r, livenessProbe: _l, startupProbe: _s, ...rest } = c;
        return { ...rest, command: input.command! };
      }),
    };
  }
  if (!isJob) spec = { ...spec, restartPolicy: 'Never', readinessGates: [...(spec.readinessGates ?? []), { conditionType: ONE_OFF_GATE }] };
  const sourceSpec = isJob ? ((source as { spec?: Record<string, unknown> }).spec ?? {}) : { backoffLimit: 0 };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      generateName: `${component.slice(0, 40)}-run-`,
      namespace: owner.namespace,
      labels: { ...source.metadata.labels, ...runLabels(owner) },
      annotations: { 'slipway.dev/run-of': `${source.kind}/${source.metadata.name}`, ...(input.command ? { 'slipway.dev/run-command': JSON.stringify(input.command) } : {}) },
    },
    spec: { ...sourceSpec, activeDeadlineSeconds: input.deadlineSeconds, ttlSecondsAfterFinished: RUN_TTL_SECONDS, template: { ...template, spec } },
  } as unknown as K8sObject;
}
