/**
 * The operator mode's objects against the real API server with the Prometheus Operator's CRDs (built from its Go
 * module by scripts/prometheus-operator-crds; scripts/run-tests installs them): strict server-side apply takes the
 * ServiceMonitors and the PrometheusRule, the rule groups come back as rendered, and each ServiceMonitor's
 * selector finds its component's Service with the port it names. Without the CRDs the test fails: the cluster
 * harness is expected to serve them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { installCnpgCrd } from './cnpg.js';
import { applyRendered, dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const CRDS = ['servicemonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com'];

const STACK = `name: shop
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080, metrics: 9090}}
infra: {db: {type: postgresql}}
observability: {metrics: {mode: operator, interval: 15s}, alerts: {rules: {ApiSlow: {expr: 'http_p99_seconds{job="api"} > 1', summary: 'api answers slowly'}}}}
`;

type Monitor = K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string }[] } };

test('ServiceMonitors and the PrometheusRule pass strict server-side apply and select their Services', () => {
  const missing = CRDS.filter((c) => kubectl(['get', 'crd', c]).status !== 0);
  assert.deepEqual(missing, [], 'the Prometheus Operator CRDs are not installed: run through scripts/run-tests, which installs them (scripts/prometheus-operator-crds)');
  const ns = namespaceName('mon');
  try {
    const { objects } = applyRendered(STACK, ns);
    const rule = objects.find((o) => o.kind === 'PrometheusRule') as (K8sObject & { spec: { groups: { name: string; rules: { alert: string }[] }[] } }) | undefined;
    assert.ok(rule, 'no PrometheusRule rendered');
    const live = JSON.parse(kubectlOk(['get', 'prometheusrule', rule.metadata.name, '-n', ns, '-o', 'json'])) as typeof rule;
    assert.deepEqual(live.spec.groups, rule.spec.groups, 'the API server kept every field of the groups');

    const monitors = objects.filter((o): o is Monitor => o.kind === 'ServiceMonitor');
    assert.deepEqual(monitors.map((m) => m.metadata.name).sort(), ['api', 'db']); // db: its postgres_exporter beside the server
    for (const m of monitors) {
      assert.equal(kubectl(['get', 'servicemonitor', m.metadata.name!, '-n', ns]).status, 0);
      const selector = Object.entries(m.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
      const services = JSON.parse(kubectlOk(['get', 'services', '-n', ns, '-l', selector, '-o', 'json'])) as { items: { metadata: { name: string }; spec: { ports: { name: string }[] } }[] };
      const own = services.items.find((s) => s.metadata.name === m.metadata.name);
      assert.ok(own, `${m.metadata.name}: its selector finds no Service named after it`);
      for (const e of m.spec.endpoints) assert.ok(own.spec.ports.some((p) => p.name === e.port), `${m.metadata.name}: Service has no port ${e.port}`);
    }
  } finally {
    dropNamespace(ns);
  }
});

const CNPG_STACK = `name: shop
infra: {db: {type: postgresql, replicas: 3}}
observability: {metrics: {mode: operator, labels: {release: kube-prometheus-stack, example.com/team: shop}}}
`;

test('a CloudNativePG cluster\'s PodMonitor passes strict server-side apply, carries the selector labels and finds the instance pods', async () => {
  assert.equal(kubectl(['get', 'crd', 'podmonitors.monitoring.coreos.com']).status, 0, 'the PodMonitor CRD is not installed: run through scripts/run-tests');
  await installCnpgCrd();
  const ns = namespaceName('podmon');
  try {
    const { objects } = applyRendered(CNPG_STACK, ns);
    type PodMonitor = K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: { port: string; relabelings: unknown[] }[] } };
    const pm = objects.find((o): o is PodMonitor => o.kind === 'PodMonitor');
    assert.ok(pm, 'no PodMonitor rendered');
    const live = JSON.parse(kubectlOk(['get', 'podmonitor', pm.metadata.name, '-n', ns, '-o', 'json'])) as PodMonitor;
    assert.deepEqual(live.spec, pm.spec, 'the API server kept every field (port, path, interval, relabelings)');
    for (const kind of ['podmonitor', 'prometheusrule']) {
      const items = (JSON.parse(kubectlOk(['get', kind, '-n', ns, '-l', 'release=kube-prometheus-stack,example.com/team=shop', '-o', 'json'])) as { items: unknown[] }).items;
      assert.equal(items.length, 1, `${kind} selected by the Prometheus' labels`);
    }
    assert.equal(objects.some((o) => o.kind === 'ServiceMonitor'), false, 'no Service of the cluster serves metrics');

    // kwok runs no operator: an instance pod as CloudNativePG makes it (its label, the instance manager's port).
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db-1', namespace: ns, labels: { 'cnpg.io/cluster': 'db', 'cnpg.io/podRole': 'instance' } },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 26, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'postgres',
            image: 'postgres:17.6',
            ports: [{ name: 'metrics', containerPort: 9187 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    };
    kubectlOk(['apply', '--server-side', '-f', '-'], JSON.stringify(pod));
    const selector = Object.entries(pm.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    const found = JSON.parse(kubectlOk(['get', 'pods', '-n', ns, '-l', selector, '-o', 'json'])) as { items: { metadata: { name: string }; spec: { containers: { ports?: { name: string }[] }[] } }[] };
    assert.deepEqual(found.items.map((p) => p.metadata.name), ['db-1']);
    for (const e of pm.spec.podMetricsEndpoints) assert.ok(found.items[0]!.spec.containers.some((c) => c.ports?.some((p) => p.name === e.port)), `no container port ${e.port}`);
  } finally {
    dropNamespace(ns);
  }
});
