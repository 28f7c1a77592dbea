/**
 * The check `up` runs before its first write, beside preflight: a change of a live instance's topology that would
 * lose data or quorum (plan/topology.ts) stops the run with exit 2, each located at the instance's replicas, unless
 * the user passed --allow-topology-change.
 */
import type { ClusterPort } from '../cluster/port.js';
import { SlipwayError } from '../diagnostics/errors.js';
import { liveTopology } from '../lifecycle/topology.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { Owner } from '../model/ownership.js';
import type { StackSpec } from '../model/stack.js';
import { topologyFindings } from '../plan/topology.js';
import { toDiagnostic } from '../validate/validate.js';
import type { RenderResult } from './render.js';

export async function checkTopology(client: ClusterPort, loaded: LoadedStack, rendered: RenderResult, owner: Owner): Promise<void> {
  const infra = rendered.resolved.infra;
  const findings = topologyFindings(infra, await liveTopology(client, owner, infra));
  if (!findings.length) return;
  const environment = (loaded.data as StackSpec).environments ? rendered.resolved.environment : undefined;
  throw new SlipwayError(findings.map((f) => toDiagnostic(f, loaded.source, environment)));
}
