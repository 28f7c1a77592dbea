/**
 * The Prometheus Operator's configuration kinds slipway renders in the operator mode of observability:
 * ServiceMonitor, PodMonitor, PrometheusRule and Probe (monitoring.coreos.com/v1).
 *
 * Phase config: they select their targets by labels only, so nothing they name has to exist first, and applied
 * with the other configuration (before the workloads) the scrape and alert configuration is in place while a
 * rollout happens; in the routing phase, applied only once every component is ready, a first `up` whose
 * workload crash-loops would never get the very alerts that report it.
 *
 * Readiness: the operator guarantees no status. Only with its StatusForConfigurationResources feature gate does it
 * write status.bindings[] — one per Prometheus (or ThanosRuler) that selects the object — each with an Accepted
 * condition (metav1.Condition shape, with observedGeneration). So the object is ready once applied, unless such
 * conditions are present: then they are read like any custom resource's (custom-resource.ts, kstatus): a
 * condition of an older generation means not yet observed, Accepted=False is a failure with the operator's
 * message (the configuration was rejected; waiting cannot help), Unknown is waiting.
 */
import type { K8sObject } from '../object.js';
import { failed, ready, waiting, type Condition, type Readiness } from '../readiness.js';
import type { KindInfo } from './kind.js';

interface AcceptedCondition extends Condition {
  observedGeneration?: number;
}

interface Binding {
  resource?: string;
  namespace?: string;
  name?: string;
  conditions?: AcceptedCondition[];
}

interface ConfigResource {
  metadata: { generation?: number };
  status?: { bindings?: Binding[] };
}

const bindingName = (b: Binding) => `${b.resource ?? 'prometheuses'}/${b.namespace ? `${b.namespace}/` : ''}${b.name ?? '?'}`;
const text = (b: Binding, c: AcceptedCondition) => `${bindingName(b)}: ${c.type} ${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;

export function configResourceReadiness(live: K8sObject): Readiness {
  const cr = live as unknown as ConfigResource;
  const generation = cr.metadata.generation ?? 0;
  const reported = (cr.status?.bindings ?? []).flatMap((b) => (b.conditions ?? []).filter((c) => c.type === 'Accepted').map((c) => ({ b, c })));
  if (!reported.length) return ready('applied (the operator reports no status for it)');
  const stale = reported.find(({ c }) => c.observedGeneration !== undefined && c.observedGeneration < generation);
  if (stale) return waiting(`waiting for ${bindingName(stale.b)} to observe generation ${generation} (at ${stale.c.observedGeneration})`);
  const rejected = reported.find(({ c }) => c.status === 'False');
  if (rejected) return failed(`rejected by ${text(rejected.b, rejected.c)}`);
  const pending = reported.find(({ c }) => c.status !== 'True');
  if (pending) return waiting(text(pending.b, pending.c));
  return ready(`accepted by ${reported.map(({ b }) => bindingName(b)).join(', ')}`);
}

const monitoringKind = (kind: string): KindInfo => ({ apiVersion: 'monitoring.coreos.com/v1', kind, phase: 'config', namespaced: true, prunable: true, readiness: configResourceReadiness });

export const MONITORING_KINDS: readonly KindInfo[] = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe'].map(monitoringKind);
