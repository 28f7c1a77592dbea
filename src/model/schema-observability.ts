/**
 * The `observability:` block: one place that says how the stack is measured, alerted on, shown and traced.
 * Each part names the infra entry that does the work (a `prometheus`, `grafana`, `loki`, `otel-collector`,
 * `fluent-bit` entry); left out, it is the stack's only entry of that type. Environments patch it like the
 * rest of the stack (maps merge), so prod can add alerts that dev does without.
 */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

const InfraName = (type: string) => doc(Type.String({ minLength: 1 }), `The infra entry (type ${type}) that does this. @default the stack's only ${type} entry`);

/** Prometheus durations as rule files and scrape configs take them (a subset: one unit). */
export const Duration = doc(Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$' }), 'A duration such as 30s, 5m or 1h', {
  errorMessage: 'must be a duration such as 30s, 5m or 1h',
});

export const AlertRuleSchema = doc(
  Type.Object(
    {
      expr: doc(Type.String({ minLength: 1 }), 'PromQL expression; the alert fires for every series it returns'),
      for: Type.Optional(doc(Duration, 'How long the expression must hold before the alert fires. @default 5m')),
      severity: Type.Optional(
        doc(Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')]), 'The severity label routes use. @default warning'),
      ),
      summary: doc(Type.String({ minLength: 1 }), 'One line for the notification; may use {{ $labels.x }} and {{ $value }}'),
      description: Type.Optional(Type.String()),
      labels: Type.Optional(doc(Type.Record(Type.String(), Type.String()), 'Extra labels on the alert')),
    },
    { additionalProperties: false },
  ),
  'An alerting rule of the stack, checked with promtool in CI.',
);

const MetricsMode = doc(
  Type.Union([Type.Literal('operator'), Type.Literal('prometheus')]),
  "operator = ServiceMonitor/PodMonitor/PrometheusRule objects for the Prometheus Operator already in the cluster (`up` checks its CRDs); prometheus = the stack's own prometheus entry scrapes with a generated configuration",
);

/**
 * The block's fields. `mode` is required once the environment is applied (resolve says so at the block), not by
 * the schema: an environment may add metrics to a base block that names the mode, or name it itself.
 */
export const ObservabilitySchema = doc(
  Type.Object(
    {
      enabled: Type.Optional(doc(Type.Boolean(), 'false = no observability in this environment (the entries themselves stay as written). @default true')),
      metrics: Type.Optional(
        doc(
          Type.Object(
            {
              mode: Type.Optional(MetricsMode),
              prometheus: Type.Optional(InfraName('prometheus')),
              interval: Type.Optional(doc(Duration, 'Scrape interval. @default 30s')),
              labels: Type.Optional(
                doc(
                  Type.Record(Type.String(), Type.String()),
                  'Labels put on every ServiceMonitor, PodMonitor and PrometheusRule (mode operator), for a Prometheus whose serviceMonitorSelector, podMonitorSelector or ruleSelector asks for them',
                ),
              ),
              scraperNamespace: Type.Optional(
                doc(
                  Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }),
                  "mode operator: the namespace the cluster's Prometheus runs in. Where the environment has network policies, the scraped ports admit that namespace's pods (and nothing else new). @default monitoring (kube-prometheus's)",
                  { errorMessage: 'must be a namespace name: lower-case letters, digits and -' },
                ),
              ),
              kubeStateMetricsJob: Type.Optional(
                doc(
                  Type.String({ pattern: '^[A-Za-z0-9_.:-]+$' }),
                  "The job label of kube-state-metrics' series, which the workload and crash-loop rules select: kube-prometheus's (mode operator), the scrape job of the prometheus entry's own kube-state-metrics, or the one of the cluster's when the entry runs none (options.kubeStateMetrics: false). @default kube-state-metrics",
                  { errorMessage: 'must be a Prometheus job name: letters, digits and _ . : -' },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          'Scrape every service port named `metrics` (or a service\'s `metrics:`) and an exporter beside every internal infra entry that has one',
        ),
      ),
      alerts: Type.Optional(
        doc(
          Type.Object(
            {
              defaults: Type.Optional(doc(Type.Boolean(), 'The default rules per component kind (workload unavailable, crash looping, volume nearly full, replication and consumer lag). @default true')),
              rules: Type.Optional(
                doc(
                    Type.Record(Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$' }), AlertRuleSchema, { additionalProperties: false }),
                    'Your own alerts by name (CamelCase, as alert names are written)',
                    { errorMessage: 'alert names are CamelCase: a capital letter, then letters and digits (e.g. QueueBacklog)' },
                  ),
              ),
            },
            { additionalProperties: false },
          ),
          'Alerting rules: the defaults per kind and your own; they need metrics',
        ),
      ),
      dashboards: Type.Optional(
        doc(Type.Object({ grafana: Type.Optional(InfraName('grafana')) }, { additionalProperties: false }), 'Grafana with datasources and a dashboard per component kind plus a stack overview'),
      ),
      traces: Type.Optional(
        doc(
          Type.Object(
            {
              collector: Type.Optional(InfraName('otel-collector')),
              services: doc(
                Type.Union([Type.Literal('all'), Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true })]),
                'Services that get OTEL_* environment pointing at the collector: their names, or all',
              ),
            },
            { additionalProperties: false },
          ),
          'OpenTelemetry: the SDK environment (endpoint, service name, resource attributes) for the services that opt in',
        ),
      ),
      logs: Type.Optional(
        doc(
          Type.Object({ loki: Type.Optional(InfraName('loki')), agent: Type.Optional(InfraName('fluent-bit')) }, { additionalProperties: false }),
          'Container logs shipped to Loki by an agent on every node (in a namespace of its own: it reads host paths)',
        ),
      ),
    },
    { additionalProperties: false },
  ),
  'Metrics, alerts, dashboards, traces and logs of the stack; environments patch it (maps merge).',
);

/** A service's metrics endpoint, when it is not a port named `metrics` serving /metrics. */
export const ServiceMetricsSchema = doc(
  Type.Union([
    Type.Literal(false),
    Type.Object(
      {
        port: doc(Type.String({ minLength: 1 }), 'Name of the port that serves the metrics. @default metrics'),
        path: Type.Optional(doc(Type.String({ pattern: '^/' }), '@default /metrics')),
        honorLabels: Type.Optional(
          doc(
            Type.Boolean(),
            "Keep the job and instance labels the scraped series carry instead of the scrape's (honor_labels): for a Prometheus Pushgateway, whose series belong to the jobs that pushed them. @default false",
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ]),
  'Where Prometheus scrapes this service (with observability.metrics); false = not scraped although a port is named metrics',
);
