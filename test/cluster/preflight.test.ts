/**
 * Preflight against the real API server. The test control plane runs no kubelet, so pods go Ready even when
 * the Secrets they read are missing: only this check stops `up` from "succeeding" with pods that could never
 * start. Missing things stop `up` with exit 2 before any write (no namespace, no lock, no history); once they
 * exist, `up` goes on. Custom kinds are checked with the API server's own discovery.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClusterClient } from '../../src/cluster/client.js';
import { checkPreflight } from '../../src/commands/preflight.js';
import { renderStack } from '../../src/commands/render.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { readiness } from '../../src/k8s/kinds/index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { slipway, tempDir } from '../helpers.js';
import { installMonitoringCrds } from './crds.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName, writeTemp } from './kube.js';

const STACK = `name: pf
secrets:
  mail: {existing: true}
  app: {generate: {session: {length: 64, encoding: hex}}}
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
    env:
      MAIL_USER: "\${secrets.mail.user}"
      MAIL_PASSWORD: "\${secrets.mail.password}"
      SESSION: "\${secrets.app.session}"
    uses: [db]
infra:
  db:
    type: postgresql
    mode: external
    external: {host: db.example.com, passwordSecret: {name: db-pass, key: pw}}
`;

// Values the test puts into Secrets: none may ever appear in slipway's output.
const VALUES = ['mail-user-value-1', 'mail-password-value-2', 'db-password-value-3'];

function stackIn(text: string): string {
  const file = join(tempDir(), 'slipway.yaml');
  writeFileSync(file, text);
  return file;
}

/** slipway's own objects in the namespace: the lock Lease, history and generated Secrets, workloads. */
const slipwayObjects = (ns: string) => kubectlOk(['get', 'leases,secrets,deployments,services', '-n', ns, '-l', 'app.kubernetes.io/managed-by=slipway', '-o', 'name']).trim();

test('up stops with exit 2 and writes nothing while Secrets or keys are missing; once they exist it deploys', () => {
  const ns = namespaceName('preflight');
  const file = stackIn(STACK);
  const env = { SLIPWAY_SECRET_KEY: '' };

  // 1. The namespace does not exist: every needed Secret is missing, all reported at once, and nothing is created.
  const first = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(first.status, 2, first.stderr + first.stdout);
  assert.match(first.stderr, new RegExp(`namespace "${ns}" does not exist yet, so none of the 2 Secret\\(s\\) below can be in it`));
  assert.match(first.stderr, /Secret "db-pass" \(key pw\) does not exist/);
  assert.match(first.stderr, new RegExp(`kubectl -n ${ns} create secret generic db-pass --from-literal=pw=\\.\\.\\.`));
  assert.match(first.stderr, new RegExp(`kubectl -n ${ns} create secret generic mail --from-literal=password=\\.\\.\\. --from-literal=user=\\.\\.\\.`));
  // The generated Secret is slipway's to create, so it is not reported.
  assert.doesNotMatch(first.stderr, /Secret "app"/);
  assert.match(first.stderr, /slipway\.yaml:3:9: error: Secret "mail"/, 'located at the declaration');
  assert.doesNotMatch(first.stderr, /at .*\.js:\d+/, 'no stack trace');
  assert.notEqual(kubectl(['get', 'namespace', ns]).status, 0, 'no namespace (so no lock and no history either)');

  // The read-only command reports the same, also with exit 2.
  const check = slipway(['preflight', file, '-n', ns]);
  assert.equal(check.status, 2, check.stderr);
  assert.match(check.stderr, /3 errors/);

  // 2. The namespace and Secrets exist, but one key is missing: still exit 2, still nothing of slipway's written.
  kubectlOk(['create', 'namespace', ns]);
  kubectlOk(['create', 'secret', 'generic', 'mail', '-n', ns, `--from-literal=user=${VALUES[0]}`]);
  kubectlOk(['create', 'secret', 'generic', 'db-pass', '-n', ns, `--from-literal=pw=${VALUES[2]}`]);
  const second = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(second.status, 2, second.stderr + second.stdout);
  assert.match(second.stderr, new RegExp(`Secret "mail" in namespace "${ns}" has no key password; Deployment/api needs it`));
  assert.match(second.stderr, new RegExp(`kubectl -n ${ns} patch secret mail --type=merge -p '\\{"stringData":\\{"password":"\\.\\.\\."\\}\\}'`));
  assert.match(second.stderr, /1 error/);
  assert.equal(slipwayObjects(ns), '', 'no lock, no history, no generated Secret, no workload');

  // 3. With the key added (as the hint says), up deploys; no value is ever printed.
  kubectlOk(['patch', 'secret', 'mail', '-n', ns, '--type=merge', '-p', JSON.stringify({ stringData: { password: VALUES[1] } })]);
  const check2 = slipway(['preflight', file, '-n', ns]);
  assert.equal(check2.status, 0, check2.stderr);
  assert.match(check2.stdout, /Secret mail \(password, user\)/);
  const third = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(third.status, 0, third.stderr + third.stdout);
  assert.match(kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'name']), /deployment.apps\/api/);
  for (const r of [first, check, second, check2, third]) for (const v of VALUES) assert.ok(!(r.stdout + r.stderr).includes(v), 'no secret value is printed');
  dropNamespace(ns);
});

test('--skip-preflight lets up go on without the Secrets (for ones another controller creates)', () => {
  const ns = namespaceName('preflight-skip');
  const r = slipway(['up', '-f', stackIn(STACK), '-n', ns, '--skip-preflight'], { env: { SLIPWAY_SECRET_KEY: '' } });
  // The control plane has no kubelet, so the pods go Ready anyway: exactly the gap preflight closes.
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(kubectl(['get', 'secret', 'mail', '-n', ns]).status, 1);
  dropNamespace(ns);
});

test('a kind without its CustomResourceDefinition is reported by discovery; once the CRD is established it passes', async () => {
  const ns = namespaceName('preflight-crd');
  kubectlOk(['create', 'namespace', ns]);
  const group = `pf${process.pid}.slipway.dev`;
  const loaded = loadStack(stackIn('name: crd\nservices:\n  api: {image: "ghcr.io/acme/api:1.0.0"}\n'));
  const rendered = renderStack(loaded, { namespace: ns });
  // slipway renders no custom resources of its own today; the check is generic over whatever the render holds.
  const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns } };
  const withWidget = { ...rendered, objects: [...rendered.objects, widget] };
  const client = ClusterClient.connect();

  await assert.rejects(checkPreflight(client, loaded, withWidget), (e: unknown) => {
    assert.ok(e instanceof SlipwayError && e.exitCode === 2);
    assert.deepEqual(e.diagnostics.map((d) => d.code), ['preflight-kind']);
    assert.equal(e.diagnostics[0]!.message, `the cluster does not serve kind Widget (${group}/v1), which the stack renders as Widget/w`);
    assert.match(e.diagnostics[0]!.hint!, new RegExp(`kubectl api-resources --api-group=${group.replace(/\./g, '\\.')}`));
    return true;
  });
  // Built-in kinds are never asked about: the render alone passes.
  assert.deepEqual((await checkPreflight(client, loaded, rendered)).checked.kinds, []);

  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  kubectlOk(['apply', '-f', '-'], JSON.stringify(crd));
  try {
    kubectlOk(['wait', '--for=condition=established', `crd/widgets.${group}`, '--timeout=60s']);
    const ok = await checkPreflight(ClusterClient.connect(), loaded, withWidget);
    assert.deepEqual(ok.checked.kinds, [`Widget.${group}/v1`]);
  } finally {
    kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
    dropNamespace(ns);
  }
});

test("the Prometheus Operator's kinds: preflight asks discovery and names the operator; its real CRDs accept a ServiceMonitor and a PrometheusRule, refuse a rule without expr", async () => {
  // Built by scripts/prometheus-operator-crds from the operator's API module; run-tests installs them.
  await installMonitoringCrds();
  const ns = namespaceName('preflight-monitoring');
  kubectlOk(['create', 'namespace', ns]);
  const loaded = loadStack(stackIn('name: mon\nservices:\n  api: {image: "ghcr.io/acme/api:1.0.0", ports: {http: 8080, metrics: 9090}}\n'));
  const rendered = renderStack(loaded, { namespace: ns });
  const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'api', namespace: ns }, spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, endpoints: [{ port: 'metrics', interval: '30s' }] } };
  const rule = (rules: object[]) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'api', namespace: ns }, spec: { groups: [{ name: 'api', rules }] } });
  const alert = rule([{ alert: 'ApiDown', expr: 'up{job="api"} == 0', for: '5m', labels: { severity: 'critical' }, annotations: { summary: 'api is down' } }]);
  // Alertmanager is of the operator's group, but the tests install only the kinds slipway renders: a kind whose
  // CRD is absent, on a cluster that serves the group.
  assert.notEqual(kubectl(['get', 'crd', 'alertmanagers.monitoring.coreos.com']).status, 0, 'the tests never install the Alertmanager CRD');
  const alertmanager = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Alertmanager', metadata: { name: 'main', namespace: ns }, spec: {} };
  const withObjects = (...objects: object[]) => ({ ...rendered, objects: [...rendered.objects, ...(objects as K8sObject[])] });
  const client = ClusterClient.connect();
  try {
    await assert.rejects(checkPreflight(client, loaded, withObjects(monitor, alert, alertmanager)), (e: unknown) => {
      assert.ok(e instanceof SlipwayError && e.exitCode === 2);
      assert.deepEqual(
        e.diagnostics.map((d) => [d.code, d.message]),
        [['preflight-kind', 'the cluster does not serve kind Alertmanager (monitoring.coreos.com/v1), which the stack renders as Alertmanager/main: the Prometheus Operator is not installed']],
      );
      assert.match(e.diagnostics[0]!.hint!, /^install the Prometheus Operator \(it brings the CustomResourceDefinition of Alertmanager\): kubectl apply --server-side -f https:\/\/github\.com\/prometheus-operator\/prometheus-operator\/releases\/download\/v0\.95\.2\/bundle\.yaml .*; or set observability\.metrics\.mode: prometheus/);
      return true;
    });
    // The group is served but not that kind: nothing to list (prune lists every kind of the table).
    assert.deepEqual(await client.list('monitoring.coreos.com/v1', 'Alertmanager', ns), []);

    const ok = await checkPreflight(client, loaded, withObjects(monitor, alert));
    assert.deepEqual(ok.checked.kinds, ['PrometheusRule.monitoring.coreos.com/v1', 'ServiceMonitor.monitoring.coreos.com/v1']);
    for (const o of [monitor, alert]) {
      const live = await client.apply(o as K8sObject);
      assert.equal(live.metadata.uid !== undefined, true);
      // No operator runs here, so no status: ready once applied.
      assert.deepEqual(readiness((await client.get({ apiVersion: o.apiVersion, kind: o.kind, namespace: ns, name: 'api' }))!, []).ok, true);
    }
    assert.deepEqual((await client.list('monitoring.coreos.com/v1', 'ServiceMonitor', ns)).map((o) => o.metadata.name), ['api']);

    // The CRD's own schema: a rule must have expr.
    const broken = rule([{ alert: 'ApiDown', for: '5m' }]);
    await assert.rejects(client.apply({ ...broken, metadata: { ...broken.metadata, name: 'broken' } } as K8sObject), (e: unknown) => {
      assert.match(String((e as Error).message), /spec\.groups\[0\]\.rules\[0\]\.expr: Required value/);
      return true;
    });

    // And offline: kubeconform with the schemas of this API server (scripts/kubeconform-schemas) knows the kinds.
    const schemas = spawnSync('bash', ['scripts/kubeconform-schemas', process.env.KUBECONFIG!], { encoding: 'utf8' });
    assert.equal(schemas.status, 0, schemas.stderr);
    const dir = schemas.stdout.trim().split('\n').pop()!;
    const conform = (name: string, objects: object[]) =>
      spawnSync('kubeconform', ['-strict', '-summary', '-schema-location', `${dir}/{{.ResourceKind}}{{.KindSuffix}}.json`, writeTemp(name, objects.map((o) => JSON.stringify(o)).join('\n---\n'))], { encoding: 'utf8' });
    const good = conform('monitoring.yaml', [monitor, alert]);
    assert.equal(good.status, 0, `kubeconform:\n${good.stdout}${good.stderr}`);
    assert.match(good.stdout, /Valid: 2, Invalid: 0, Errors: 0, Skipped: 0/);
    const bad = conform('broken.yaml', [broken, { ...monitor, spec: { ...monitor.spec, endpoints: [{ port: 'metrics', scheme: 'gopher' }] } }]);
    assert.equal(bad.status, 1, `kubeconform:\n${bad.stdout}${bad.stderr}`);
    assert.match(bad.stdout, /Invalid: 2/);
  } finally {
    dropNamespace(ns);
  }
});
