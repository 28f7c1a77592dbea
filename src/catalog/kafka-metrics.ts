/**
 * Kafka's metrics: danielqsj/kafka-exporter reads the whole cluster (brokers, topics, consumer-group lag) over
 * one client connection, so one exporter per instance, in a Deployment of its own, not a container per broker.
 * Beside every broker each copy would report the same cluster-wide series (every lag counted N times), and a
 * StatefulSet cannot put a sidecar on pod 0 only. The exporter exits when it cannot reach Kafka at start
 * (kafka_exporter.go: NewClient error is fatal), so it first waits for the client Service like an app would; its
 * health answer is its own (/healthz) and never takes a broker out of the Service.
 *
 * It is a component of its own (`<instance>-exporter`: its pods carry other selector labels than the brokers', so
 * no broker Service, budget or StatefulSet selects them) with a Service whose only port is `metrics`, and, where the
 * profile gives workloads disruption budgets, a budget of its own: the profile's (one pod at a time), never the
 * brokers' (a minAvailable sized for three brokers would block every drain of the exporter's one pod).
 */
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra } from '../model/resolved.js';
import { componentLabels, selectorLabels } from '../generate/labels.js';
import { fitName } from '../generate/names.js';
import { service } from '../generate/objects.js';
import { podSecurityContext } from '../generate/security.js';
import { budgetOf } from '../model/disruption.js';
import { METRICS_PORT } from '../model/observability.js';
import type { CatalogContext, Container, MetricsEndpoint } from './contract.js';
import { placementSpec, serviceHost } from './common.js';
import { tagOf } from './image-user.js';
import { exporterEndpoint } from './metrics-endpoint.js';
import { singleCopyObjects } from './single-copy.js';
import { tcpWait } from './wait.js';

/** danielqsj/kafka-exporter: Dockerfile `USER nobody` (65534), `EXPOSE 9308`, /healthz. */
const IMAGE = 'danielqsj/kafka-exporter:v1.9.0';
const UID = 65534;
const EXPORTER_PORT = 9308;

export function kafkaExporterName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'exporter']);
}

export function kafkaMetrics(infra: ResolvedInfra, ctx: CatalogContext, port: number): MetricsEndpoint & { exporter: Container } {
  // Without --kafka.version the client speaks Kafka 2.0's protocol versions; the broker's own version (from the
  // image tag) lets it use current ones. A tag that is not a version (latest, a digest) keeps the default.
  const version = /^\d+\.\d+\.\d+/.exec(tagOf(infra.image) ?? '')?.[0];
  const endpoint = exporterEndpoint({
    name: 'kafka-exporter',
    image: IMAGE,
    uid: UID,
    port: EXPORTER_PORT,
    args: [`--kafka.server=${serviceHost(infra, ctx)}:${port}`, ...(version ? [`--kafka.version=${version}`] : [])],
    health: '/healthz',
  });
  return { ...endpoint, component: kafkaExporterName(infra) };
}

/** The exporter's Deployment and Service, when the instance is scraped. */
export function kafkaExporterObjects(infra: ResolvedInfra, ctx: CatalogContext, port: number): K8sObject[] {
  if (!infra.metrics) return [];
  const m = kafkaMetrics(infra, ctx, port);
  const name = kafkaExporterName(infra);
  const labelCtx = { stack: ctx.stack, environment: ctx.environment };
  const labels = componentLabels(labelCtx, name, 'kafka-exporter', IMAGE);
  const selector = selectorLabels(labelCtx, name);
  const meta = { name, namespace: ctx.namespace, labels };
  const budget = budgetOf(undefined, ctx.profile);
  return [
    service(meta, selector, [{ name: METRICS_PORT, port: m.port, targetPort: METRICS_PORT }]),
    ...singleCopyObjects({
      meta,
      selector,
      // One copy on purpose: a second would report every cluster-wide series again (lag summed twice).
      why: 'the exporter reads the whole Kafka cluster; a second copy would report every series twice',
      pod: {
        automountServiceAccountToken: false,
        containers: [m.exporter],
        enableServiceLinks: false,
        initContainers: [tcpWait(infra.name, serviceHost(infra, ctx), port)],
        ...placementSpec(infra),
        securityContext: podSecurityContext(UID),
        serviceAccountName: infra.name,
      },
      ...(budget ? { budget } : {}),
    }),
  ];
}
