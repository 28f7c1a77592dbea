/**
 * The component view generate works on: every deployed service and every internal infra instance behind one
 * shape (model/resolved.ts ComponentBase), plus the stack path it came from for provenance.
 */
import type { CatalogOutput } from '../catalog/contract.js';
import type { K8sObject } from '../k8s/object.js';
import type { ModelPath } from '../load/source.js';
import type { ComponentBase, ResolvedInfra, ResolvedPort, ResolvedService, ResolvedStack } from '../model/resolved.js';
import type { ServiceKind } from '../model/stack.js';
import type { GenerateContext } from './context.js';
import { componentLabels, labelValue, selectorLabels } from './labels.js';
import { metadata } from './objects.js';
import { withInfraConfig } from './infra-config.js';

interface Located {
  /** Where the component is written in the stack file: ['services', base] or ['infra', name]. */
  readonly path: ModelPath;
}

export interface ServiceComponent extends ComponentBase, Located {
  readonly component: ServiceKind;
  readonly service: ResolvedService;
}

export interface InfraComponent extends ComponentBase, Located {
  readonly component: 'infra';
  readonly infra: ResolvedInfra;
  /** The catalog's objects and Secrets for this instance; its workload is in there. */
  readonly internal: CatalogOutput;
}

export type Component = ServiceComponent | InfraComponent;

/** An internal instance an operator runs (it makes the pods' ServiceAccount and disruption budgets itself). */
export function operated(c: Component): boolean {
  return c.component === 'infra' && c.internal.operator !== undefined;
}

export function serviceComponent(s: ResolvedService, ctx: GenerateContext): ServiceComponent {
  return {
    name: s.name,
    component: s.kind,
    labels: {
      ...s.labels,
      ...componentLabels(ctx.labels, s.name, s.kind, s.image),
      ...(s.tenant ? { 'slipway.dev/tenant': labelValue(s.tenant) } : {}),
      ...(s.shard ? { 'slipway.dev/shard': labelValue(s.shard) } : {}),
    },
    selector: selectorLabels(ctx.labels, s.name),
    ports: s.ports,
    replicas: s.replicas,
    maxReplicas: s.autoscale?.max ?? s.replicas,
    placement: s.placement,
    ...(s.disruption ? { disruption: s.disruption } : {}),
    spread: s.spread,
    pull: s.pull,
    path: ['services', s.base],
    service: s,
  };
}

/** An internal instance with a catalog entry, or undefined (external infra runs nothing in the cluster). */
export function infraComponent(infra: ResolvedInfra, ctx: GenerateContext): InfraComponent | undefined {
  const entry = infra.mode === 'internal' ? ctx.entries.entry(infra.type) : undefined;
  if (!entry) return undefined;
  const internal = withInfraConfig(entry, infra, entry.internal(infra, ctx), ctx);
  return {
    name: infra.name,
    component: 'infra',
    labels: componentLabels(ctx.labels, infra.name, infra.type, infra.image),
    selector: selectorLabels(ctx.labels, infra.name),
    // An operator's instance has no client Service of slipway's: its pods serve the ports the entry names.
    ports: internal.operator ? internal.operator.ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP', servicePort: p.port })) : clientPorts(infra.name, internal),
    replicas: infra.replicas,
    maxReplicas: infra.replicas,
    placement: infra.placement,
    ...(infra.disruption ? { disruption: infra.disruption } : {}),
    spread: infra.spread,
    pull: infra.pull,
    path: ['infra', infra.name],
    infra,
    internal,
  };
}

/** Every component: internal infra first, then services in dependency order. */
export function componentsOf(stack: ResolvedStack, ctx: GenerateContext): Component[] {
  const infra = stack.infra.map((i) => infraComponent(i, ctx)).filter((c): c is InfraComponent => c !== undefined);
  return [...infra, ...stack.services.map((s) => serviceComponent(s, ctx))];
}

/** The ports of the catalog's client Service (named after the instance), which is what clients reach. */
function clientPorts(name: string, out: CatalogOutput): ResolvedPort[] {
  const svc = out.objects.find((o) => o.kind === 'Service' && o.metadata.name === name) as { spec?: { ports?: { name: string; port: number; protocol?: string }[] } } | undefined;
  return (svc?.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP', servicePort: p.port }));
}

/** The namespace a component's pods run in: the stack's, or the one its catalog entry runs it in (a log agent). */
export function namespaceOf(c: ComponentBase | Component, ctx: Pick<GenerateContext, 'namespace'>): string {
  return ('internal' in c && (c as InfraComponent).internal.namespace) || ctx.namespace;
}

/** An object that belongs to a component: its labels, in its pods' namespace, named after it unless told. */
export function componentObject(apiVersion: string, kind: string, c: ComponentBase, ctx: GenerateContext, body: Record<string, unknown>, name = c.name): K8sObject {
  return { apiVersion, kind, metadata: metadata({ name, namespace: namespaceOf(c, ctx), labels: c.labels }), ...body };
}
