/**
 * Stage 3 — resolve: user stack + environment → ResolvedStack. Applies the overlay and profile defaults,
 * stamps tenants and shards, wires `uses` into env vars, interpolates `${...}`, and orders the graph.
 * Pure; problems are returned as issues (validate turns them into located diagnostics). Only problems that
 * make resolving impossible are found here; whether the fields fit together is the spec rules' job (rules/).
 */
import type { Issue } from '../diagnostics/issue.js';
import type { ResolvedDashboards } from '../model/dashboards.js';
import type { ResolvedObservability } from '../model/observability.js';
import type { ResolvedStack } from '../model/resolved.js';
import { isDefaultShape, keyShapes, type KeyShape } from '../model/secret-shape.js';
import type { SecretSpec, StackSpec } from '../model/stack.js';
import type { ResolveContext } from './context.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { orderGraph } from './graph.js';
import { resolveInfra } from './infra.js';
import { DEFAULT_ENVIRONMENT, mergeEnvironment } from './merge-environment.js';
import { globalScope } from './scope.js';
import { networkOf } from '../model/network.js';
import { infraIngress } from './infra-ingress.js';
import { resolveService } from './service.js';
import { lokiOf, resolveObservability } from './observability.js';
import { dashboardsOf } from './dashboards.js';
import { stamp } from './stamp.js';
import { restartFields } from './restart.js';
import { disabledComponents, enabledOnly } from '../model/enabled.js';
import type { InitFiles } from '../load/init-files.js';

export interface ResolveResult {
  /** Present when there were no issues. */
  stack?: ResolvedStack;
  issues: Issue[];
}

export interface ResolveOptions {
  /** Target namespace instead of the stack's. @default environment namespace, else <stack>-<environment> */
  namespace?: string;
  /** One cluster of a multi-cluster environment: its overlay applies on the environment's. @default none */
  cluster?: string;
  /** Init script files the stack names, as load read them (LoadedStack.initFiles). */
  initFiles?: InitFiles;
  /** The catalog infra types come from. @default builtinCatalog */
  catalog?: Catalog;
}

function createContext(spec: StackSpec, environment: string, opts: ResolveOptions): ResolveContext {
  const all = mergeEnvironment(spec, environment, opts.cluster);
  const merged = enabledOnly(all);
  const namespace = opts.namespace ?? merged.namespace ?? (spec.environments ? `${spec.name}-${environment}` : spec.name);
  const ctx: ResolveContext = {
    spec,
    merged,
    disabled: disabledComponents(all),
    catalog: { stack: spec.name, environment, namespace, profile: merged.profile ?? 'default' },
    entries: opts.catalog ?? builtinCatalog,
    issues: [],
    infra: new Map(),
    instances: [],
    byBase: new Map(),
    stamped: new Map(),
    serviceScopes: new Map(),
    globalScope: { lookup: () => undefined, known: () => [] },
    ...(opts.initFiles ? { initFiles: opts.initFiles } : {}),
  };
  for (const [base, svc] of Object.entries(merged.services ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const list = stamp(base, svc, merged.tenants ?? []);
    ctx.byBase.set(base, list);
    if (list.length > 1 || list[0]?.name !== base) ctx.stamped.set(base, list);
    ctx.instances.push(...list);
  }
  resolveInfra(ctx);
  ctx.globalScope = globalScope(ctx);
  return ctx;
}

export function resolveStack(spec: StackSpec, environment: string = DEFAULT_ENVIRONMENT, opts: ResolveOptions = {}): ResolveResult {
  const ctx = createContext(spec, environment, opts);
  const services = ctx.instances.map((i) => resolveService(ctx, i));
  const { observability: block, scraped } = resolveObservability(ctx, services);
  const observability = withProvisioning(block, (o) => dashboardsOf(ctx, o, services));
  // After every infra entry and service is known, so restartWith may name any of them.
  const infra = [...ctx.infra.entries()].map(([name, i]) => ({
    ...i.resolved,
    ...restartFields(ctx, ctx.merged.infra?.[name] ?? {}, name, ['infra', name]),
    // After the global scope exists: the host may use ${vars.x} and ${env}.
    ...infraIngress(ctx, ctx.merged.infra?.[name] ?? { type: i.entry.type }, i.entry, i.resolved),
    ...(scraped.has(name) ? { metrics: true as const } : {}),
    ...(observability?.logs && name === observability.logs.agent ? { logs: lokiOf(ctx, observability.logs.loki) } : {}),
  }));
  const edges = [
    ...services.flatMap((s) => s.uses.map((u) => ({ from: s.name, to: u.target, wait: u.wait }))),
    // Infra that connects to other infra itself (Nacos to its MySQL) starts after it, like a user with a wait.
    ...[...ctx.infra.values()].flatMap(({ entry, resolved }) =>
      resolved.mode === 'internal' ? (entry.dependsOn?.(resolved) ?? []).filter((d) => ctx.infra.has(d.name)).map((d) => ({ from: resolved.name, to: d.name, wait: d.wait !== false })) : [],
    ),
  ];
  const nodes = [...ctx.infra.keys(), ...services.map((s) => s.name)];
  // Only waits order the start-up; a use with wait: false may point back without a cycle.
  const graph = orderGraph(nodes, edges.filter((e) => e.wait));
  if (graph.cycle) {
    const first = ctx.instances.find((i) => i.name === graph.cycle![0]);
    ctx.issues.push({
      code: 'dependency-cycle',
      message: `dependency cycle: ${graph.cycle.map((c) => `[${c}]`).join(' -> ')}`,
      hint: 'remove one of these uses, or set wait: false on one of them if they really start independently',
      path: ['services', first?.base ?? graph.cycle[0]!, 'uses'],
    });
  }
  if (ctx.issues.length) return { issues: ctx.issues };
  const rank = new Map(graph.order.map((n, i) => [n, i]));
  const env = spec.environments?.[environment];
  const context = opts.cluster !== undefined ? env?.clusters?.[opts.cluster]?.context : env?.context;
  const network = networkOf(ctx.merged.network, ctx.catalog.profile);
  return {
    issues: [],
    stack: {
      name: spec.name,
      environment,
      namespace: ctx.catalog.namespace,
      ...(context ? { context } : {}),
      ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      profile: ctx.catalog.profile,
      services: services.sort((a, b) => rank.get(a.name)! - rank.get(b.name)!),
      infra,
      secrets: Object.entries(ctx.merged.secrets ?? {})
        .filter(([, sec]) => sec.generate)
        .map(([name, sec]) => generatedKeys(name, sec.generate))
        .sort((a, b) => a.name.localeCompare(b.name)),
      order: graph.order,
      edges,
      ...(network ? { network } : {}),
      ...(observability ? { observability } : {}),
    },
  };
}

/** A generated Secret's keys, with shapes only where they differ from the default (so plain lists stay plain). */
function generatedKeys(name: string, generate: SecretSpec['generate']): ResolvedStack['secrets'][number] {
  const shapes = keyShapes(generate);
  const custom = [...shapes].filter(([, s]) => !isDefaultShape(s));
  return { name, keys: [...shapes.keys()], ...(custom.length ? { shapes: Object.fromEntries(custom) as Record<string, KeyShape> } : {}) };
}

/** The block with what its grafana entry provisions, when that entry is internal (read through CatalogContext). */
function withProvisioning(o: ResolvedObservability | undefined, provisioning: (o: ResolvedObservability) => ResolvedDashboards | undefined): ResolvedObservability | undefined {
  if (!o?.dashboards) return o;
  const p = provisioning(o);
  return p ? { ...o, dashboards: { ...o.dashboards, provisioning: p } } : o;
}
