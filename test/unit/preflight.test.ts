/**
 * Preflight's pure half: which Secrets and kinds a render needs (every way a pod can read a Secret, minus what
 * slipway makes), and the findings with their commands — exact text, since users paste these commands.
 */
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { addKeysCommand, createSecretCommand, preflightFindings, preflightNeeds, type ClusterFacts } from '../../src/plan/preflight.js';

const pod = (spec: object) => ({ template: { spec } });
const deployment = (name: string, spec: object): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns' }, spec: pod(spec) }) as K8sObject;

const OBJECTS: K8sObject[] = [
  deployment('api', {
    imagePullSecrets: [{ name: 'registry' }],
    initContainers: [{ name: 'init', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'mail', key: 'user' } } }] }],
    containers: [
      {
        name: 'api',
        env: [
          { name: 'B', valueFrom: { secretKeyRef: { name: 'mail', key: 'password' } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'maybe', key: 'x', optional: true } } },
          { name: 'D', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
          { name: 'E', value: 'plain' },
        ],
        envFrom: [{ secretRef: { name: 'bulk' } }, { configMapRef: { name: 'cm' } }],
      },
    ],
    volumes: [
      { name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'c' }] } },
      { name: 'all', secret: { secretName: 'whole' } },
      { name: 'p', projected: { sources: [{ secret: { name: 'proj', items: [{ key: 'k', path: 'k' }] } }, { configMap: { name: 'cm' } }] } },
      { name: 'opt', secret: { secretName: 'optional-vol', optional: true } },
    ],
  }),
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'mail', key: 'user' } } }] }] } } } } } } as K8sObject,
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api' }, imagePullSecrets: [{ name: 'registry' }] } as unknown as K8sObject,
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rendered' } } as K8sObject,
  deployment('web', { containers: [{ name: 'web', envFrom: [{ secretRef: { name: 'rendered' } }] }] }),
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'api' } } as K8sObject,
  // A custom kind that happens to share a built-in's name is still a custom kind.
  { apiVersion: 'example.com/v1', kind: 'Job', metadata: { name: 'odd' } } as K8sObject,
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' } } as K8sObject,
];

test('needs: every secretKeyRef, envFrom, secret and projected volume, pull secret; not optional, generated or rendered ones', () => {
  const needs = preflightNeeds({ namespace: 'ns', objects: OBJECTS, generated: ['db-credentials'], declared: new Map([['mail', { path: ['secrets', 'mail'], keys: [] }], ['ext', { path: ['infra', 'db', 'external', 'passwordSecret'], keys: ['pw'] }]]) });
  assert.deepEqual(
    needs.secrets.map((s) => [s.name, s.keys.join(','), s.usedBy.join(','), s.pull, s.path?.join('.') ?? '']),
    [
      ['bulk', '', 'Deployment/api', false, ''],
      ['ext', 'pw', '', false, 'infra.db.external.passwordSecret'],
      ['mail', 'password,user', 'CronJob/nightly,Deployment/api', false, 'secrets.mail'],
      ['proj', 'k', 'Deployment/api', false, ''],
      ['registry', '', 'Deployment/api,ServiceAccount/api', true, ''],
      ['tls', 'tls.crt', 'Deployment/api', false, ''],
      ['whole', '', 'Deployment/api', false, ''],
    ],
  );
  assert.deepEqual(needs.kinds.map((k) => `${k.apiVersion} ${k.kind} ${k.usedBy.join(',')}`), ['example.com/v1 Job Job/odd', 'monitoring.coreos.com/v1 ServiceMonitor ServiceMonitor/api']);
});

test('commands carry placeholders, never values; pull secrets get docker-registry', () => {
  assert.equal(createSecretCommand('shop', { name: 'mail', keys: ['password', 'user'], pull: false }), 'kubectl -n shop create secret generic mail --from-literal=password=... --from-literal=user=...');
  assert.equal(createSecretCommand('shop', { name: 'bulk', keys: [], pull: false }), 'kubectl -n shop create secret generic bulk --from-literal=KEY=...');
  assert.equal(createSecretCommand('shop', { name: 'registry', keys: [], pull: true }), 'kubectl -n shop create secret docker-registry registry --docker-server=... --docker-username=... --docker-password=...');
  assert.equal(addKeysCommand('shop', 'mail', ['password']), `kubectl -n shop patch secret mail --type=merge -p '{"stringData":{"password":"..."}}'`);
});

const needs = () => preflightNeeds({ namespace: 'shop', objects: OBJECTS, generated: ['db-credentials'] });
const facts = (over: Partial<ClusterFacts>): ClusterFacts => ({ namespaceExists: true, secretKeys: new Map(), served: new Set(), ...over });

test('findings: all missing things at once, the namespace first, then Secrets by name, then kinds', () => {
  const found = preflightFindings(needs(), facts({ namespaceExists: false, served: new Set(['example.com/v1 Job']) }));
  assert.deepEqual(
    found.map((f) => `${f.code}: ${f.message}`),
    [
      'preflight-namespace: namespace "shop" does not exist yet, so none of the 6 Secret(s) below can be in it',
      'preflight-secret: Secret "bulk" does not exist in namespace "shop"; Deployment/api needs it',
      'preflight-secret: Secret "mail" (keys password, user) does not exist in namespace "shop"; CronJob/nightly, Deployment/api need it',
      'preflight-secret: Secret "proj" (key k) does not exist in namespace "shop"; Deployment/api needs it',
      'preflight-secret: Secret "registry" does not exist in namespace "shop"; Deployment/api, ServiceAccount/api need it',
      'preflight-secret: Secret "tls" (key tls.crt) does not exist in namespace "shop"; Deployment/api needs it',
      'preflight-secret: Secret "whole" does not exist in namespace "shop"; Deployment/api needs it',
      'preflight-kind: the cluster does not serve kind ServiceMonitor (monitoring.coreos.com/v1), which the stack renders as ServiceMonitor/api: the Prometheus Operator is not installed',
    ],
  );
  assert.equal(found[0]!.hint, 'kubectl create namespace shop; create the Secrets below; then run up again (add --adopt-namespace to let slipway manage the namespace as one it created)');
  // A group of a known operator (the one table, k8s/operators.ts) says which operator and what else the stack can do.
  assert.equal(
    found.at(-1)!.hint,
    "install the Prometheus Operator (it brings the CustomResourceDefinition of ServiceMonitor): kubectl apply --server-side -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.95.2/bundle.yaml && kubectl rollout status deployment -n default prometheus-operator; or set observability.metrics.mode: prometheus to scrape with the stack's own Prometheus",
  );
  // Any other group: the generic hint.
  const odd = preflightFindings(needs(), facts({ secretKeys: new Map(), served: new Set(['monitoring.coreos.com/v1 ServiceMonitor']) })).filter((f) => f.code === 'preflight-kind');
  assert.deepEqual(
    odd.map((f) => [f.message, f.hint]),
    [['the cluster does not serve kind Job (example.com/v1), which the stack renders as Job/odd', 'install the CustomResourceDefinition for Job (usually with the operator that provides example.com), then check: kubectl api-resources --api-group=example.com']],
  );
});

test('every kind of a listed operator is checked, though slipway knows the monitoring kinds (apply phase, readiness)', () => {
  const objects = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe'].map((kind) => ({ apiVersion: 'monitoring.coreos.com/v1', kind, metadata: { name: 'api', namespace: 'ns' } }) as K8sObject);
  const n = preflightNeeds({ namespace: 'ns', objects, generated: [] });
  assert.deepEqual(n.kinds.map((k) => `${k.apiVersion} ${k.kind}`), ['monitoring.coreos.com/v1 PodMonitor', 'monitoring.coreos.com/v1 Probe', 'monitoring.coreos.com/v1 PrometheusRule', 'monitoring.coreos.com/v1 ServiceMonitor']);
  const found = preflightFindings(n, facts({ served: new Set(['monitoring.coreos.com/v1 ServiceMonitor', 'monitoring.coreos.com/v1 PrometheusRule']) }));
  // A cluster with only some of the operator's CRDs: the missing ones, each with the operator's hint.
  assert.deepEqual(
    found.map((f) => [f.message, f.hint!.slice(0, f.hint!.indexOf(':'))]),
    [
      ['the cluster does not serve kind PodMonitor (monitoring.coreos.com/v1), which the stack renders as PodMonitor/api: the Prometheus Operator is not installed', 'install the Prometheus Operator (it brings the CustomResourceDefinition of PodMonitor)'],
      ['the cluster does not serve kind Probe (monitoring.coreos.com/v1), which the stack renders as Probe/api: the Prometheus Operator is not installed', 'install the Prometheus Operator (it brings the CustomResourceDefinition of Probe)'],
    ],
  );
  // A built-in kind of slipway's table is never asked about; one outside it still is (discovery decides).
  const builtIn = [{ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }] as K8sObject[];
  assert.deepEqual(preflightNeeds({ namespace: 'ns', objects: builtIn, generated: [] }).kinds.map((k) => k.kind), ['LimitRange']);
});

test('findings: a Secret with a missing key names only the missing keys; a complete cluster gives none', () => {
  const all = new Map<string, readonly string[]>([['bulk', ['a']], ['mail', ['user']], ['proj', ['k']], ['registry', ['.dockerconfigjson']], ['tls', ['tls.crt', 'tls.key']], ['whole', []]]);
  const served = new Set(['example.com/v1 Job', 'monitoring.coreos.com/v1 ServiceMonitor']);
  const found = preflightFindings(needs(), facts({ secretKeys: all, served }));
  assert.deepEqual(found.map((f) => [f.code, f.message, f.hint]), [
    ['preflight-secret-key', 'Secret "mail" in namespace "shop" has no key password; CronJob/nightly, Deployment/api need it', `kubectl -n shop patch secret mail --type=merge -p '{"stringData":{"password":"..."}}'`],
  ]);
  assert.deepEqual(preflightFindings(needs(), facts({ secretKeys: new Map([...all, ['mail', ['password', 'user']]]), served })), []);
});

test('a long list of users is cut after three', () => {
  const objects = ['a', 'b', 'c', 'd', 'e'].map((n) => deployment(n, { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }] }));
  const [f] = preflightFindings(preflightNeeds({ namespace: 'ns', objects, generated: [] }), facts({}));
  assert.equal(f!.message, 'Secret "s" does not exist in namespace "ns"; Deployment/a, Deployment/b, Deployment/c and 2 more need it');
});

test('a replicated PostgreSQL needs the CloudNativePG operator: the finding says how to install it', () => {
  const out = builtinCatalog.entry('postgresql')!.internal(internalInfra('postgresql', { name: 'pg', replicas: 3 }), CATALOG_CTX);
  const n = preflightNeeds({ namespace: 'shop-dev', objects: out.objects, generated: out.secrets.map((s) => s.name) });
  assert.deepEqual(n.kinds.map((k) => `${k.apiVersion} ${k.kind} ${k.usedBy.join(',')}`), ['postgresql.cnpg.io/v1 Cluster Cluster/pg']);
  const [finding, ...rest] = preflightFindings(n, facts({}));
  assert.deepEqual(rest, []);
  assert.equal(finding!.message, 'the cluster does not serve kind Cluster (postgresql.cnpg.io/v1), which the stack renders as Cluster/pg: the CloudNativePG operator is not installed');
  assert.match(finding!.hint!, /^install the CloudNativePG operator \(it brings the CustomResourceDefinition of Cluster\): kubectl apply --server-side -f https:\/\/raw\.githubusercontent\.com\/cloudnative-pg\/cloudnative-pg\/release-1\.28\/releases\/cnpg-1\.28\.0\.yaml/);
  assert.deepEqual(preflightFindings(n, facts({ served: new Set(['postgresql.cnpg.io/v1 Cluster']) })), []);
});
