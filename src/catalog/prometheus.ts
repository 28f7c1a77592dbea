/**
 * Prometheus from the official image (prom/prometheus; prometheus/prometheus Dockerfile: busybox base, USER nobody
 * = 65534, WORKDIR and VOLUME /prometheus, ENTRYPOINT /bin/prometheus with CMD --config.file and
 * --storage.tsdb.path, which giving args replaces, so both are passed here). It logs to stderr only and writes
 * nothing but its TSDB and WAL under /prometheus, so the root filesystem stays read-only.
 *
 * The instance the stack's observability.metrics names (mode prometheus) scrapes the stack's targets
 * (prometheus-config.ts): it discovers their pods through the API server, in the stack's namespace only, with a
 * Role on pods and a short-lived projected token, and runs the namespace's kube-state-metrics beside it
 * (kube-state-metrics.ts) unless options.kubeStateMetrics is false; any other internal instance scrapes itself.
 * An external Prometheus is a connection only (resolve refuses it as the scraper: slipway cannot configure it).
 */
import type { TBoolean, TObject, TOptional, TString } from '@sinclair/typebox';
import type { V1Role, V1RoleBinding } from '@kubernetes/client-node';
import { configMap, metadata } from '../generate/objects.js';
import { fitName, shortHash } from '../generate/names.js';
import { apiAccessMount, apiAccessVolume } from '../generate/pod/api-access.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { endpoint, infraLabels, portProbe, serverObjects } from './common.js';
import { CONFIG_DIR, CONFIG_FILE, DISCOVERY_RULES, prometheusConfig, prometheusYaml, RULES_DIR, scrapesStack } from './prometheus-config.js';
import { BUSYBOX_IMAGE, tcpWait, waitContainer } from './wait.js';
import { ksmHelper, ksmObjects, ksmSelector, KSM_PORT_NAME } from './kube-state-metrics.js';

const PORT = 9090;
const DATA = '/prometheus';
const UID = 65534;
/** 200 once the TSDB and WAL are loaded, 503 before (web/web.go). */
export const READY_PATH = '/-/ready';
/**
 * A changed scrape config rolls the pods. Not infra-config's CONFIG_HASH: that one is replaced when the stack
 * adds `files:` of its own.
 */
export const SCRAPE_CONFIG_HASH = 'slipway.dev/scrape-config-hash';

type PrometheusOptionsSchema = TObject<{ retention: TOptional<TString>; kubeStateMetrics: TOptional<TBoolean> }>;

/** Plain JSON Schema typed as its TypeBox equivalent (see redis.ts: TypeBox stays off the CLI's start-up path). */
export const PrometheusOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    retention: {
      type: 'string',
      pattern: '^([0-9]+(y|w|d|h|m|s|ms))+$',
      default: '15d',
      // The flag still works in 3.x; its config-file replacement (storage.tsdb.retention) is unknown to 2.x promtool.
      description: 'How long samples are kept (--storage.tsdb.retention.time), e.g. 15d or 12h; size the volume for it.',
      errorMessage: 'must be a Prometheus duration such as 15d, 12h or 1w',
    },
    kubeStateMetrics: {
      type: 'boolean',
      default: true,
      description:
        "Run a kube-state-metrics for the stack's namespace beside the scraping instance (the workload rules and pod panels read it). false when the cluster already runs one: set observability.metrics.kubeStateMetricsJob to its job label, and get its series into this Prometheus yourself (it scrapes the stack's namespace only).",
    },
  },
} as unknown as PrometheusOptionsSchema;

export function prometheusConfigName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'config']);
}

/** The alert rules ConfigMap the alerts generator writes for this instance (prometheus-config.ts RULES_DIR). */
export function prometheusRulesName(infra: ResolvedInfra | string): string {
  return fitName([typeof infra === 'string' ? infra : infra.name, 'rules']);
}

export function prometheusDiscoveryName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'discovery']);
}

/** Read access to the namespace's pods for kubernetes_sd, bound to the instance's own ServiceAccount. */
function discoveryRbac(infra: ResolvedInfra, ctx: CatalogContext): K8sObject[] {
  const meta = metadata({ name: prometheusDiscoveryName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) });
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules: DISCOVERY_RULES } satisfies V1Role;
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: meta.name },
    subjects: [{ kind: 'ServiceAccount', name: infra.name, namespace: ctx.namespace }],
  } satisfies V1RoleBinding;
  return [role, binding];
}

export const prometheus: CatalogEntry = defineCatalogEntry({
  type: 'prometheus',
  description: 'Prometheus (official image): scrapes the stack\'s metrics targets found through the API server in its namespace, loads the stack\'s alert rules',
  image: 'prom/prometheus',
  defaultVersion: 'v3.16.0',
  port: PORT,
  // The UI and query API (no authentication of its own: put one in front, e.g. the ingress controller's).
  httpPorts: { http: PORT },
  env: { url: 'PROMETHEUS_URL', host: 'PROMETHEUS_HOST', port: 'PROMETHEUS_PORT' },
  // The HTTP API has no authentication of its own.
  needsPassword: false,
  // Two replicas would be two independent servers with diverging data; HA Prometheus is the operator's job.
  replicasHint: 'run it with the Prometheus Operator (observability.metrics.mode: operator) or use an external one',
  user: { uid: UID, gid: UID },
  options: PrometheusOptions,
  alsoRecognizes: /(^|\/)prometheus\/prometheus$/,

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    return { host: e.host, port: e.port, tls: e.tls, values: { host: e.host, port: String(e.port) }, url: `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}` };
  },

  internal(infra, ctx) {
    const metrics = ctx.observability?.metrics;
    const scrapes = scrapesStack(infra.name, metrics);
    const ksm = scrapes && metrics.kubeStateMetrics.internal;
    const yaml = prometheusYaml(
      prometheusConfig(metrics, infra.name, {
        labels: { stack: ctx.stack, environment: ctx.environment },
        namespace: ctx.namespace,
        port: PORT,
        ...(ksm ? { kubeStateMetrics: { pods: ksmSelector(infra, ctx), port: KSM_PORT_NAME } } : {}),
      }),
    );
    const config = configMap({ name: prometheusConfigName(infra), namespace: ctx.namespace, labels: infraLabels(infra, ctx) }, { [CONFIG_FILE]: yaml });
    const objects = serverObjects(infra, ctx, {
      uid: UID,
      ports: [{ name: 'http', port: PORT }],
      dataPath: DATA,
      // Nothing of its own goes there; Go's os.TempDir is /tmp for anything a library spools.
      writable: ['/tmp'],
      extra: {
        volumes: [
          { name: 'config', configMap: { name: config.metadata.name } },
          { name: 'rules', configMap: { name: prometheusRulesName(infra), optional: true } },
          ...(scrapes ? [apiAccessVolume('api-access')] : []),
        ],
        mounts: [
          // One file, so the rules volume is not mounted inside another volume.
          { name: 'config', mountPath: `${CONFIG_DIR}/${CONFIG_FILE}`, subPath: CONFIG_FILE, readOnly: true },
          { name: 'rules', mountPath: RULES_DIR, readOnly: true },
          ...(scrapes ? [apiAccessMount('api-access')] : []),
        ],
      },
      container: {
        name: 'prometheus',
        image: infra.image,
        args: [
          `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
          `--storage.tsdb.path=${DATA}`,
          `--storage.tsdb.retention.time=${infra.options.retention ?? '15d'}`,
          // Picks up changed rule files (the rules ConfigMap changes without the pods rolling); a changed scrape
          // config rolls the pods instead (SCRAPE_CONFIG_HASH), as a subPath file is never updated in place.
          '--config.auto-reload',
          `--web.listen-address=:${PORT}`,
        ],
        // Replaying a large WAL takes minutes; /-/ready stays 503 until it is done.
        startupProbe: portProbe('http', READY_PATH, { period: 5, failureThreshold: 120 }),
        readinessProbe: portProbe('http', READY_PATH, { period: 10 }),
        // Like every entry's, liveness only asks that the process listens (/-/healthy says no more than that).
        livenessProbe: portProbe('http', undefined, { period: 20, failureThreshold: 6 }),
      },
    });
    return {
      secrets: [],
      objects: [config, ...(scrapes ? discoveryRbac(infra, ctx) : []), ...objects.map((o) => (o.kind === 'StatefulSet' ? withConfigHash(o, yaml) : o)), ...(ksm ? ksmObjects(infra, ctx) : [])],
      ...(ksm ? { helpers: [ksmHelper(infra, ctx)] } : {}),
    };
  },

  wait(infra, conn) {
    if (conn.tls) return tcpWait(infra.name, conn.host, conn.port);
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `timeout 10 wget -q -O /dev/null http://${conn.host}:${conn.port}${READY_PATH}` });
  },
});

type Sts = { spec: { template: { metadata?: { annotations?: Record<string, string> } } } };

function withConfigHash<T extends { kind: string }>(sts: T, yaml: string): T {
  const spec = (sts as unknown as Sts).spec;
  const template = { ...spec.template, metadata: { ...spec.template.metadata, annotations: { ...spec.template.metadata?.annotations, [SCRAPE_CONFIG_HASH]: shortHash(yaml, 16) } } };
  return { ...sts, spec: { ...spec, template } };
}
