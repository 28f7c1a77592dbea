/**
 * The `observability:` block, resolved: each part's infra entry found (named, or the stack's only one of its
 * type), the scrape targets listed, alert rules defaulted, the traced services expanded to their instances.
 */
import type { ModelPath } from '../load/source.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import {
  DEFAULT_ALERT_FOR,
  DEFAULT_METRICS_PATH,
  DEFAULT_SCRAPE_INTERVAL,
  KUBE_STATE_METRICS_JOB,
  METRICS_PORT,
  type ResolvedAlertRule,
  type ResolvedMetrics,
  type ResolvedObservability,
  type ScrapeTarget,
} from '../model/observability.js';
import type { Connection, ResolvedService } from '../model/resolved.js';
import { scrapeJobName } from '../catalog/prometheus-config.js';
import type { StackSpec } from '../model/stack.js';
import type { ResolveContext } from './context.js';

type Spec = NonNullable<StackSpec['observability']>;

export interface ObservabilityResult {
  observability?: ResolvedObservability;
  /** Internal infra whose exporter (or own endpoint) is scraped: the entry adds the `metrics` port. */
  scraped: ReadonlySet<string>;
}

export function resolveObservability(ctx: ResolveContext, services: readonly ResolvedService[]): ObservabilityResult {
  checkMetricsPorts(ctx, services);
  const spec = ctx.merged.observability;
  if (!spec || spec.enabled === false) return { scraped: new Set() };
  const metrics = spec.metrics ? metricsOf(ctx, spec.metrics, services) : undefined;
  const alerts = alertsOf(ctx, spec, metrics !== undefined);
  const grafana = spec.dashboards ? pick(ctx, 'grafana', spec.dashboards.grafana, ['observability', 'dashboards'], 'grafana') : undefined;
  const traces = spec.traces ? tracesOf(ctx, spec.traces, services) : undefined;
  const loki = spec.logs ? pick(ctx, 'loki', spec.logs.loki, ['observability', 'logs'], 'loki') : undefined;
  const agent = spec.logs ? pick(ctx, 'fluent-bit', spec.logs.agent, ['observability', 'logs'], 'agent') : undefined;
  const observability: ResolvedObservability = {
    ...(metrics ? { metrics } : {}),
    alerts,
    ...(grafana ? { dashboards: { grafana } } : {}),
    ...(traces ? { traces } : {}),
    ...(loki && agent ? { logs: { loki, agent } } : {}),
  };
  // By instance name: a target's component may be the exporter beside the instance (Kafka's).
  const scraped = new Set(metrics ? scrapedInfra(ctx).map(({ resolved }) => resolved.name) : []);
  return { observability, scraped };
}

/**
 * The infra entry of `type` that does one part: the one named (it must exist with that type), or the stack's
 * only entry of the type. Issues name the part's path; undefined when there is none to use.
 */
function pick(ctx: ResolveContext, type: string, named: string | undefined, at: ModelPath, key: string): string | undefined {
  const ofType = [...ctx.infra.entries()].filter(([, i]) => i.entry.type === type).map(([n]) => n);
  if (named !== undefined) {
    const found = ctx.infra.get(named);
    if (found?.entry.type === type) return named;
    ctx.issues.push({
      code: 'observability-infra',
      message: found ? `"${named}" is a ${found.entry.type}, not a ${type}` : `no infra entry "${named}" in this stack`,
      hint: ofType.length ? `${type} entries here: ${ofType.join(', ')}` : `add one, e.g. infra: {${named}: {type: ${type}}}`,
      path: [...at, key],
    });
    return undefined;
  }
  if (ofType.length === 1) return ofType[0];
  ctx.issues.push({
    code: 'observability-infra',
    message: ofType.length ? `${ofType.length} ${type} entries (${ofType.join(', ')}): which one does this?` : `this needs a ${type} entry and the stack has none`,
    hint: ofType.length ? `name it: ${key}: ${ofType[0]}` : `add one, e.g. infra: {${type}: {type: ${type}}}${type === 'prometheus' ? ', or use mode: operator with the Prometheus Operator in the cluster' : ''}`,
    path: at,
  });
  return undefined;
}

/** The Loki observability.logs ships to, as its users reach it (the agent's output; internal or external). */
export function lokiOf(ctx: ResolveContext, name: string): { loki: string; endpoint: Connection } {
  const { entry, resolved } = ctx.infra.get(name)!;
  return { loki: name, endpoint: entry.connection(resolved, ctx.catalog) };
}

function metricsOf(ctx: ResolveContext, spec: NonNullable<Spec['metrics']>, services: readonly ResolvedService[]): ResolvedMetrics | undefined {
  if (!spec.mode) {
    ctx.issues.push({
      code: 'observability-mode',
      message: 'observability.metrics needs a mode in this environment',
      hint: 'mode: prometheus (the stack\'s own prometheus entry scrapes) or mode: operator (the Prometheus Operator in the cluster)',
      path: ['observability', 'metrics'],
    });
    return undefined;
  }
  const prometheus = spec.mode === 'prometheus' ? pick(ctx, 'prometheus', spec.prometheus, ['observability', 'metrics'], 'prometheus') : undefined;
  if (spec.mode === 'prometheus' && !prometheus) return undefined;
  if (prometheus && ctx.infra.get(prometheus)?.resolved.mode === 'external') {
    ctx.issues.push({
      code: 'observability-infra',
      message: `"${prometheus}" is an external Prometheus: slipway cannot configure what it scrapes`,
      hint: 'run it in the stack (remove external:), or use mode: operator with the Prometheus Operator in the cluster',
      path: ['observability', 'metrics', ...(spec.prometheus !== undefined ? ['prometheus'] : [])],
    });
    return undefined;
  }
  const targets = [...serviceTargets(ctx, services), ...infraTargets(ctx)].sort((a, b) => a.component.localeCompare(b.component) || a.port.localeCompare(b.port));
  // The prometheus entry runs kube-state-metrics for the stack unless its options say the cluster has one.
  const internal = prometheus !== undefined && ctx.infra.get(prometheus)?.resolved.options?.['kubeStateMetrics'] !== false;
  const job = spec.kubeStateMetricsJob ?? KUBE_STATE_METRICS_JOB;
  const clash = internal ? targets.find((t) => scrapeJobName(t, targets) === job) : undefined;
  if (clash) {
    ctx.issues.push({
      code: 'scrape-job-clash',
      message: `"${job}" would name two scrape jobs: the component ${clash.component}'s and kube-state-metrics'`,
      hint: 'give kube-state-metrics\' job another name: kubeStateMetricsJob: ksm',
      path: ['observability', 'metrics', ...(spec.kubeStateMetricsJob !== undefined ? ['kubeStateMetricsJob'] : [])],
    });
    return undefined;
  }
  return {
    mode: spec.mode,
    ...(prometheus ? { prometheus } : {}),
    interval: spec.interval ?? DEFAULT_SCRAPE_INTERVAL,
    targets,
    // Label syntax is checked before resolve (rule invalid-label).
    labels: { ...spec.labels },
    kubeStateMetrics: { job, internal },
    ...(spec.mode === 'operator' ? { scraperNamespace: spec.scraperNamespace ?? DEFAULT_SCRAPER_NAMESPACE } : {}),
  };
}

/** Where kube-prometheus runs its Prometheus (its manifests' namespace). */
const DEFAULT_SCRAPER_NAMESPACE = 'monitoring';

/** A port named `metrics`, or the one `metrics:` names; jobs are not scraped (they end before a scrape finds them). */
function serviceTargets(ctx: ResolveContext, services: readonly ResolvedService[]): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (const s of services) {
    const written = ctx.merged.services?.[s.base]?.metrics;
    if (s.kind === 'job' || s.kind === 'cron' || written === false) continue;
    const port = written?.port ?? METRICS_PORT;
    if (s.ports.some((p) => p.name === port)) targets.push({ component: s.name, kind: 'service', port, path: written?.path ?? DEFAULT_METRICS_PATH, ...(written?.honorLabels ? { honorLabels: true as const } : {}) });
  }
  return targets;
}

/** A service's `metrics:` names one of its ports, with or without the block (the key is a promise either way). */
function checkMetricsPorts(ctx: ResolveContext, services: readonly ResolvedService[]): void {
  for (const [base, instances] of ctx.byBase) {
    const written = ctx.merged.services?.[base]?.metrics;
    const s = services.find((x) => x.name === instances[0]?.name);
    if (!written || !s || s.ports.some((p) => p.name === written.port)) continue;
    ctx.issues.push({
      code: 'unknown-port',
      message: `metrics port "${written.port}" is not a port of ${base}`,
      hint: suggest(written.port, s.ports.map((p) => p.name), 'ports'),
      path: ['services', base, 'metrics', 'port'],
    });
  }
}

/** Every internal instance whose entry has an exporter or serves metrics itself. */
function scrapedInfra(ctx: ResolveContext) {
  return [...ctx.infra.values()].filter(({ entry, resolved }) => resolved.mode === 'internal' && entry.metrics);
}

function infraTargets(ctx: ResolveContext): ScrapeTarget[] {
  return scrapedInfra(ctx)
    .map(({ entry, resolved }) => {
      const m = entry.metrics!(resolved, ctx.catalog);
      return { component: m.component ?? resolved.name, kind: 'infra' as const, type: entry.type, port: METRICS_PORT, path: m.path, ...(m.pods ? { pods: { ...m.pods } } : {}) };
    });
}

function alertsOf(ctx: ResolveContext, spec: Spec, metrics: boolean): ResolvedObservability['alerts'] {
  const written = Object.entries(spec.alerts?.rules ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (written.length && !metrics && !ctx.issues.some((i) => i.code === 'observability-mode' || i.code === 'observability-infra')) {
    ctx.issues.push({
      code: 'observability-needs-metrics',
      message: 'alert rules need metrics: nothing evaluates them without observability.metrics',
      hint: 'add observability: {metrics: {mode: prometheus}} (or mode: operator)',
      path: ['observability', 'alerts', 'rules'],
    });
  }
  const rules: ResolvedAlertRule[] = written.map(([name, r]) => ({
    name,
    expr: r.expr,
    for: r.for ?? DEFAULT_ALERT_FOR,
    severity: r.severity ?? 'warning',
    summary: r.summary,
    ...(r.description !== undefined ? { description: r.description } : {}),
    labels: { ...r.labels },
  }));
  return { defaults: metrics && spec.alerts?.defaults !== false, rules };
}

function tracesOf(ctx: ResolveContext, spec: NonNullable<Spec['traces']>, services: readonly ResolvedService[]): ResolvedObservability['traces'] {
  const collector = pick(ctx, 'otel-collector', spec.collector, ['observability', 'traces'], 'collector');
  const chosen: string[] = [];
  if (spec.services === 'all') chosen.push(...services.map((s) => s.name));
  else {
    spec.services.forEach((base, i) => {
      const instances = ctx.byBase.get(base);
      if (instances) chosen.push(...instances.map((x) => x.name));
      else {
        ctx.issues.push({
          code: 'unknown-dependency',
          message: `no service "${base}" to trace`,
          hint: suggest(base, [...ctx.byBase.keys()], 'services'),
          path: ['observability', 'traces', 'services', i],
        });
      }
    });
  }
  if (!collector) return undefined;
  const { entry, resolved } = ctx.infra.get(collector)!;
  return { collector, endpoint: entry.connection(resolved, ctx.catalog), services: [...new Set(chosen)].sort() };
}
