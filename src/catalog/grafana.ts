/**
 * Grafana from the official image (https://hub.docker.com/r/grafana/grafana, grafana/grafana packaging/docker
 * {Dockerfile,run.sh}): user grafana UID 472 (`ARG GF_UID=472`), data (SQLite database, plugins, sessions) in
 * /var/lib/grafana, provisioning read from /etc/grafana/provisioning, port 3000, `GET /api/health` unauthenticated.
 * With a read-only root filesystem it writes only the data volume and /tmp (logs go to the console: run.sh sets
 * log.mode=console).
 *
 * The admin password is generated into the instance's Secret and reaches Grafana as GF_SECURITY_ADMIN_PASSWORD
 * through secretKeyRef. Internal only provisions: the instance observability.dashboards names gets its datasources
 * and dashboards (observability.dashboards.provisioning in its CatalogContext, see grafana/); an external Grafana is a connection and nothing is provisioned
 * into it.
 */
import { Type } from '@sinclair/typebox';
import { configMap } from '../generate/objects.js';
import { fitName, shortHash } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import { CONFIG_HASH } from '../generate/infra-config.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedDashboards } from '../model/dashboards.js';
import type { EnvVar, ResolvedInfra } from '../model/resolved.js';
import { doc } from '../model/schema-doc.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, infraLabels, portProbe, serverObjects, shellQuote } from './common.js';
import { userConnection } from './user-connection.js';
import { BUSYBOX_IMAGE, waitContainer } from './wait.js';
import { dashboardJson } from './grafana/dashboard-json.js';
import { dashboardSpecs } from './grafana/dashboards.js';
import { dashboardProviderFile, datasourcesFile, datasourceUid } from './grafana/datasources.js';

const PORT = 3000;
const UID = 472;
const DATA = '/var/lib/grafana';
const PROVISIONING = '/etc/grafana/provisioning';
const DASHBOARDS = '/etc/grafana/dashboards';
/** A ConfigMap holds at most 1 MiB; dashboards are split across ConfigMaps below that, with room for metadata. */
export const CONFIGMAP_BUDGET = 900 * 1024;

const GrafanaOptions = Type.Object(
  {
    plugins: Type.Optional(
      doc(
        Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*(@[0-9A-Za-z.+-]+)?$', errorMessage: 'must be a plugin id as grafana.com lists it, e.g. grafana-clickhouse-datasource or grafana-clickhouse-datasource@4.10.1' }), {
          uniqueItems: true,
          default: [],
        }),
        'Plugins Grafana downloads from grafana.com at every start (GF_PLUGINS_PREINSTALL): the pods need egress to it. ' +
          'grafana-clickhouse-datasource here makes the stack\'s clickhouse entries datasources. @default none (nothing is downloaded)',
      ),
    ),
  },
  { additionalProperties: false },
);

export function grafanaProvisioningName(infra: ResolvedInfra): string {
  return fitName([infra.name, 'provisioning']);
}

export function grafanaDashboardsName(infra: ResolvedInfra, part: number): string {
  return fitName([infra.name, 'dashboards', String(part)]);
}

/** Dashboard files by ConfigMap, in order, each under the budget (one dashboard is far below it). */
export function packDashboards(files: readonly [string, string][]): Record<string, string>[] {
  const parts: Record<string, string>[] = [];
  let size = 0;
  for (const [key, text] of files) {
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(text);
    if (!parts.length || size + bytes > CONFIGMAP_BUDGET) {
      parts.push({});
      size = 0;
    }
    parts[parts.length - 1]![key] = text;
    size += bytes;
  }
  return parts;
}

/** What this instance provisions: set only for the grafana entry observability.dashboards names, when internal. */
function provisioningOf(infra: ResolvedInfra, ctx: CatalogContext | undefined): ResolvedDashboards | undefined {
  const d = ctx?.observability?.dashboards;
  // analyze asks dependsOn of a draft without a name or context: nothing is provisioned then.
  return d !== undefined && d.grafana === infra.name ? d.provisioning : undefined;
}

/** ConfigMaps, env, volumes and mounts of a provisioned instance. */
function provisioning(infra: ResolvedInfra, ctx: CatalogContext) {
  const p = provisioningOf(infra, ctx);
  if (!p) return undefined;
  const meta = (name: string) => ({ name, namespace: ctx.namespace, labels: infraLabels(infra, ctx) });
  const datasources = datasourcesFile(p.datasources, p.interval);
  const prometheus = p.datasources.find((d) => d.kind === 'prometheus');
  // Every dashboard reads Prometheus: without a Prometheus datasource only the datasources are provisioned.
  const dashboards = prometheus
    ? dashboardSpecs(p.components, ctx).map((s): [string, string] => [`${s.uid}.json`, `${JSON.stringify(dashboardJson(s, { type: 'prometheus', uid: datasourceUid(prometheus.name) }), null, 2)}\n`])
    : [];
  const files = { 'datasources.yaml': datasources.file, 'dashboards.yaml': dashboardProviderFile(DASHBOARDS, `${ctx.stack} (${ctx.environment})`) };
  const parts = packDashboards(dashboards);
  const objects: K8sObject[] = [configMap(meta(grafanaProvisioningName(infra)), files), ...parts.map((data, i) => configMap(meta(grafanaDashboardsName(infra, i)), data))];
  const source = grafanaProvisioningName(infra);
  return {
    objects,
    env: datasources.env,
    hash: shortHash(JSON.stringify([files, dashboards]), 16),
    volumes: [
      { name: 'datasources', configMap: { name: source, items: [{ key: 'datasources.yaml', path: 'datasources.yaml' }] } },
      { name: 'dashboard-provider', configMap: { name: source, items: [{ key: 'dashboards.yaml', path: 'dashboards.yaml' }] } },
      ...(parts.length ? [{ name: 'dashboards', projected: { sources: parts.map((_, i) => ({ configMap: { name: grafanaDashboardsName(infra, i) } })) } }] : []),
    ],
    mounts: [
      { name: 'datasources', mountPath: `${PROVISIONING}/datasources`, readOnly: true },
      { name: 'dashboard-provider', mountPath: `${PROVISIONING}/dashboards`, readOnly: true },
      ...(parts.length ? [{ name: 'dashboards', mountPath: DASHBOARDS, readOnly: true }] : []),
    ],
  };
}

export const grafana: CatalogEntry = defineCatalogEntry({
  type: 'grafana',
  description: 'Grafana (official image) with the stack\'s datasources and a dashboard per component kind when observability.dashboards names it',
  image: 'grafana/grafana',
  // 12.2.0 is the tag the image audit ran (shared/docs/image-audit.md §7); 13's `slim` variant drops the bundled datasources.
  defaultVersion: '12.2.0',
  port: PORT,
  // People open the UI; its own login protects it.
  httpPorts: { http: PORT },
  env: { url: 'GRAFANA_URL', host: 'GRAFANA_HOST', port: 'GRAFANA_PORT', user: 'GRAFANA_USER', password: 'GRAFANA_PASSWORD' },
  user: { uid: UID, gid: UID },
  options: GrafanaOptions,
  // Known only once generating (ctx.observability): resolve's own checks see no datasources, as before.
  dependsOn: (infra, ctx) => (provisioningOf(infra, ctx)?.datasources ?? []).map((d) => ({ name: d.name, type: d.kind, path: ['observability', 'dashboards'] })),

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    return userConnection(infra, e, () => `${e.tls ? 'https' : 'http'}://${e.host}:${e.port}`);
  },

  internal(infra, ctx) {
    const secret = credentialsSecret(infra, ctx, ['password'], undefined, { user: infra.user });
    const p = provisioning(infra, ctx);
    const plugins = infra.options.plugins ?? [];
    const env: EnvVar[] = [
      { name: 'GF_SECURITY_ADMIN_USER', value: infra.user },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', secret: { name: secret.name, key: 'password' } },
      { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
      // No calls home: usage reports and update checks would need egress the stack never declared.
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      // Grafana preinstalls a set of app plugins from grafana.com by default; only a stack that lists plugins downloads.
      ...(plugins.length ? [{ name: 'GF_PLUGINS_PREINSTALL', value: plugins.join(',') }] : [{ name: 'GF_PLUGINS_PREINSTALL_DISABLED', value: 'true' }]),
      ...(p?.env ?? []),
    ];
    const objects = serverObjects(infra, ctx, {
      uid: UID,
      ports: [{ name: 'http', port: PORT }],
      dataPath: DATA,
      writable: ['/tmp'],
      ...(p ? { extra: { volumes: p.volumes, mounts: p.mounts } } : {}),
      container: {
        name: 'grafana',
        image: infra.image,
        env: k8sEnv(env),
        // Database migrations run before the HTTP server answers; a first start with plugins downloads them first.
        startupProbe: portProbe('http', '/api/health', { period: 5, failureThreshold: 60 }),
        readinessProbe: portProbe('http', '/api/health', { period: 10 }),
        livenessProbe: portProbe('http', undefined, { period: 20, failureThreshold: 6 }),
      },
    });
    // Datasources are read at start only: a changed file restarts the pods.
    if (p) withPodAnnotation(objects, CONFIG_HASH, p.hash);
    return { secrets: [secret], objects: [...(p?.objects ?? []), ...objects] };
  },

  wait(infra, conn) {
    const url = `${conn.tls ? 'https' : 'http'}://${conn.host}:${conn.port}/api/health`;
    return waitContainer({ target: infra.name, image: BUSYBOX_IMAGE, check: `wget -q --no-hsts -T 2 -O- ${shellQuote(url)} | grep -q '"database"'` });
  },
});

function withPodAnnotation(objects: K8sObject[], key: string, value: string): void {
  for (const o of objects) {
    if (o.kind !== 'StatefulSet') continue;
    const template = (o as unknown as { spec: { template: { metadata: { annotations?: Record<string, string> } } } }).spec.template;
    template.metadata.annotations = { ...template.metadata.annotations, [key]: value };
  }
}

