/**
 * A ready pod of one component, for the commands that stream into one (exec, connect). When there is none, the
 * error explains the stall the way `up` would (k8s/explain.ts), so "no ready pod" always comes with why.
 */
import type { ClusterPort } from '../cluster/port.js';
import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import { explain } from '../k8s/explain.js';
import { readiness } from '../k8s/kinds/index.js';
import { findCondition, type Condition } from '../k8s/readiness.js';
import { componentOf, labelSelector, matchLabelsOf, refOf, type K8sObject } from '../k8s/object.js';
import type { ResolvedStack } from '../model/resolved.js';
import { findComponent, type ComponentRef } from '../lifecycle/component.js';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export interface ReadyPod {
  component: ComponentRef;
  /** The live workload the pod belongs to. */
  workload: K8sObject;
  pod: K8sObject;
}

type PodLike = K8sObject & { metadata: { deletionTimestamp?: string; ownerReferences?: { kind: string }[] }; status?: { conditions?: Condition[] } };

/** The one component `name` (and `tenant`) means; several stamped copies must be told apart. */
export function oneComponent(stack: ResolvedStack, name: string, tenant?: string): ComponentRef {
  const found = findComponent(stack, name, tenant);
  if (found.length > 1) throw userError(`"${name}" has ${found.length} copies (${found.map((c) => c.name).join(', ')}); say which`, `pass --tenant, or name the copy, e.g. ${found[0]!.name}`);
  return found[0]!;
}

export async function readyPod(client: ClusterPort, stack: ResolvedStack, objects: readonly K8sObject[], component: ComponentRef): Promise<ReadyPod> {
  if (component.external) throw userError(`${component.name} runs outside the cluster (mode: external): there is no pod to reach`, 'connect to its server directly');
  const rendered = objects.find((o) => LONG_RUNNING.has(o.kind) && componentOf(o) === component.name);
  if (!rendered) throw userError(`${component.name} is a ${component.kind}: it has no long-running pods`, component.kind === 'job' ? `slipway run ${component.name} runs it again` : 'name a service, worker, agent or internal infra');
  const workload = await client.get(refOf(rendered));
  if (!workload) {
    throw new SlipwayError([{ code: 'not-deployed', message: `${rendered.kind}/${rendered.metadata.name} is not in namespace ${stack.namespace}`, path: '', hint: `deploy first: slipway up${stack.environment === 'default' ? '' : ` -e ${stack.environment}`}` }], ExitCode.user);
  }
  const selector = matchLabelsOf(workload) ?? {};
  // Pods a `slipway run` task started carry the same labels; they are not the component's.
  const pods = (await client.list('v1', 'Pod', stack.namespace, labelSelector(selector))).filter((p) => !(p as PodLike).metadata.ownerReferences?.some((o) => o.kind === 'Job'));
  const ready = pods
    .filter((p) => !(p as PodLike).metadata.deletionTimestamp && findCondition((p as PodLike).status?.conditions, 'Ready')?.status === 'True')
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (ready[0]) return { component, workload, pod: ready[0] };
  const problem = explain(pods, await client.list('v1', 'Event', stack.namespace), workload);
  const state = readiness(workload, pods);
  throw new SlipwayError(
    [
      {
        code: 'no-ready-pod',
        message: `no ready pod of ${component.name}: ${rendered.kind}/${rendered.metadata.name}: ${state.message}${problem ? ` — ${problem.reason}: ${problem.message}` : ''}`,
        path: '',
        hint: `\`slipway status${stack.environment === 'default' ? '' : ` -e ${stack.environment}`}\` and \`slipway logs ${component.name}\` show more`,
      },
    ],
    ExitCode.deployFailed,
  );
}

/**
 * The container to use in a pod: the one asked for, else the only one, else the one named like the component
 * (the app container; wait init containers are never candidates). Several without a match: name them.
 */
export function chooseContainer(pod: K8sObject, preferred: readonly string[], asked?: string): string {
  const spec = (pod as { spec?: { containers?: { name: string }[]; initContainers?: { name: string; restartPolicy?: string }[] } }).spec ?? {};
  // Sidecars (init containers that keep running) are long-lived containers too.
  const names = [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')].map((c) => c.name);
  if (asked) {
    if (names.includes(asked)) return asked;
    throw userError(`pod ${pod.metadata.name} has no container "${asked}"`, `its containers: ${names.join(', ')}`);
  }
  if (names.length === 1) return names[0]!;
  const match = preferred.find((p) => names.includes(p));
  if (match) return match;
  throw userError(`pod ${pod.metadata.name} has several containers (${names.join(', ')}); say which`, `pass --container ${names[0]}`);
}
