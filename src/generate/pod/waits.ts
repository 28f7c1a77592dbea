/** Init containers that hold a pod until each dependency it waits for answers (or, for a Job, completes). */
import type { Container } from '../../catalog/contract.js';
import { tcpWait, WAIT_UID } from '../../catalog/wait.js';
import type { ResolvedUse } from '../../model/resolved.js';
import type { GenerateContext } from '../context.js';
import { containerSecurityContext } from '../security.js';
import { apiAccessMount } from './api-access.js';

/** Image used to wait for a pre-start Job; the kubectl release image matches our target Kubernetes minor. */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.2';

/** Uses that wait for a Job to complete: these need to read the Job from the API server. */
export function jobWaits(uses: readonly ResolvedUse[]): ResolvedUse[] {
  return uses.filter((u) => u.targetKind === 'job' && u.wait);
}

/** Object name of the Job a use waits for. */
export function waitedJobName(use: ResolvedUse, ctx: GenerateContext): string {
  return ctx.jobNames.get(use.target) ?? use.target;
}

function jobWait(use: ResolvedUse, ctx: GenerateContext): Container {
  return {
    name: `wait-${use.target}`,
    image: KUBECTL_IMAGE,
    // No shell in this image: if the Job does not exist yet, kubectl exits non-zero and the kubelet retries.
    command: ['kubectl', 'wait', '--for=condition=complete', `job/${waitedJobName(use, ctx)}`, '--timeout=600s'],
    resources: { limits: { cpu: '100m', 'ephemeral-storage': '64Mi', memory: '64Mi' }, requests: { cpu: '10m', 'ephemeral-storage': '16Mi', memory: '32Mi' } },
    securityContext: containerSecurityContext(WAIT_UID),
    // The only container of the pod that can reach the API server; see api-access.ts.
    volumeMounts: [apiAccessMount()],
  } satisfies Container;
}

function waitFor(use: ResolvedUse, ctx: GenerateContext): Container | undefined {
  if (!use.wait) return undefined;
  if (use.targetKind === 'job') return jobWait(use, ctx);
  if (use.targetKind === 'service') return tcpWait(use.target, use.connection.host, use.connection.port);
  const infra = ctx.infra.get(use.target);
  const entry = infra && ctx.entries.entry(infra.type);
  return infra && entry ? entry.wait(infra, use.connection, ctx) : undefined;
}

export function waitContainers(uses: readonly ResolvedUse[], ctx: GenerateContext): Container[] {
  return uses.map((u) => waitFor(u, ctx)).filter((c): c is Container => c !== undefined);
}
