/**
 * The prometheus entry: the scrape configuration it generates from observability.metrics (checked by promtool built
 * with Kubernetes service discovery), its discovery Role and token, the config hash, and the network paths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { diagnose } from '../helpers.js';
import { prometheusBin } from '../prometheus-bin.js';
import { resolvedOf } from '../stacks.js';

type Obj = Record<string, any>;
const FIXTURE = join('test', 'fixtures', 'prometheus', 'stack.yaml');
const TEXT = readFileSync(FIXTURE, 'utf8');

const render = (text: string, env: string): K8sObject[] => generate(resolvedOf(parseStack(text, 'slipway.yaml'), env)).objects;
const find = (objects: K8sObject[], kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name} rendered`);
  return o as Obj;
};
const configOf = (objects: K8sObject[]): string => find(objects, 'ConfigMap', 'prom-config').data['prometheus.yml'];

describe('prometheus entry: scrape configuration', () => {
  const objects = render(TEXT, 'prod');
  const config = parse(configOf(objects));

  it('has one job per target, finding its pods by selector labels in the stack namespace and keeping the named port', () => {
    assert.deepEqual(config.global, { scrape_interval: '15s', evaluation_interval: '15s' });
    assert.deepEqual(config.rule_files, ['/etc/prometheus/rules/*.yaml']);
    const jobs = new Map<string, Obj>(config.scrape_configs.map((j: Obj) => [j.job_name, j]));
    // The job is never scraped; Prometheus scrapes itself and the kube-state-metrics it runs.
    assert.deepEqual([...jobs.keys()], ['prometheus', 'admin', 'api', 'kube-state-metrics']);
    const api = jobs.get('api')!;
    assert.equal(api.metrics_path, '/metrics');
    assert.deepEqual(api.kubernetes_sd_configs, [
      { role: 'pod', namespaces: { names: ['scraped-prod'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/instance=scraped,app.kubernetes.io/name=api' }] },
    ]);
    assert.deepEqual(api.relabel_configs[0], { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' });
    const admin = jobs.get('admin')!;
    assert.equal(admin.metrics_path, '/admin/metrics');
    assert.equal(admin.relabel_configs[0].regex, 'admin');
    const targets = admin.relabel_configs.map((r: Obj) => r.target_label).filter(Boolean);
    assert.deepEqual(targets, ['namespace', 'pod', 'component']);
  });

  it('the selector labels are the ones the workload selects its own pods by', () => {
    const deployment = find(objects, 'Deployment', 'api');
    const label = Object.entries(deployment.spec.selector.matchLabels as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    assert.equal(config.scrape_configs[2].kubernetes_sd_configs[0].selectors[0].label, label);
    assert.equal(deployment.spec.template.spec.containers[0].ports.find((p: Obj) => p.containerPort === 9100).name, 'metrics');
  });

  it('promtool (with Kubernetes service discovery) accepts every generated prometheus.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-promtool-'));
    try {
      const configs = { prod: configOf(objects), dev: configOf(render(TEXT, 'dev')), alone: configOf(render('name: solo\ninfra: {prom: {type: prometheus}}\n', 'default')) };
      for (const [name, yaml] of Object.entries(configs)) {
        const file = join(dir, `${name}.yml`);
        writeFileSync(file, yaml);
        const r = spawnSync(join(prometheusBin(), 'promtool'), ['check', 'config', '--syntax-only', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      }
      // The check is real: a misspelled discovery field fails it.
      const bad = join(dir, 'bad.yml');
      writeFileSync(bad, configs.prod.replace('role: pod\n        namespaces', 'role: pods\n        namespaces'));
      assert.notEqual(spawnSync(join(prometheusBin(), 'promtool'), ['check', 'config', '--syntax-only', bad], { encoding: 'utf8' }).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prometheus entry: pods and access', () => {
  it('runs as nobody with its TSDB on /prometheus, retention from the option, rules mounted optional', () => {
    const sts = find(render(TEXT, 'prod'), 'StatefulSet', 'prom');
    const pod = sts.spec.template.spec;
    const c = pod.containers[0];
    assert.equal(c.image, 'prom/prometheus:v3.16.0');
    assert.equal(pod.securityContext.runAsUser, 65534);
    assert.ok(c.args.includes('--storage.tsdb.path=/prometheus') && c.args.includes('--config.file=/etc/prometheus/prometheus.yml'));
    assert.ok(c.args.includes('--storage.tsdb.retention.time=7d'));
    assert.equal(c.readinessProbe.httpGet.path, '/-/ready');
    assert.deepEqual(c.livenessProbe.tcpSocket, { port: 'http' });
    assert.deepEqual(pod.volumes.find((v: Obj) => v.name === 'rules').configMap, { name: 'prom-rules', optional: true });
    assert.equal(c.volumeMounts.find((m: Obj) => m.name === 'data').mountPath, '/prometheus');
  });

  it('the scraper reads pods through a Role of its own and a projected token; automount stays off', () => {
    const objects = render(TEXT, 'prod');
    const role = find(objects, 'Role', 'prom-discovery');
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(objects, 'RoleBinding', 'prom-discovery');
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'prom', namespace: 'scraped-prod' }]);
    const pod = find(objects, 'StatefulSet', 'prom').spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, false);
    assert.ok(pod.volumes.find((v: Obj) => v.name === 'api-access').projected.sources.some((s: Obj) => s.serviceAccountToken));
    assert.equal(pod.containers[0].volumeMounts.find((m: Obj) => m.name === 'api-access').mountPath, '/var/run/secrets/kubernetes.io/serviceaccount');
  });

  it('without metrics mode prometheus it scrapes only itself and gets no API access', () => {
    const objects = render('name: solo\ninfra: {prom: {type: prometheus}}\n', 'default');
    assert.deepEqual(parse(configOf(objects)).scrape_configs.map((j: Obj) => j.job_name), ['prometheus']);
    assert.equal(objects.some((o) => o.kind === 'Role'), false);
    assert.equal(find(objects, 'StatefulSet', 'prom').spec.template.spec.volumes.some((v: Obj) => v.name === 'api-access'), false);
  });

  it('a changed scrape configuration changes the pod template (the pods roll)', () => {
    const hash = (text: string) => find(render(text, 'prod'), 'StatefulSet', 'prom').spec.template.metadata.annotations['slipway.dev/scrape-config-hash'];
    assert.match(hash(TEXT), /^[0-9a-f]{16}$/);
    assert.equal(hash(TEXT), hash(TEXT));
    assert.notEqual(hash(TEXT.replace('interval: 15s', 'interval: 20s')), hash(TEXT));
  });
});

describe('prometheus entry: network paths', () => {
  const policies = new Map(render(TEXT, 'prod').filter((o) => o.kind === 'NetworkPolicy').map((o) => [o.metadata.name, (o as Obj).spec]));
  const promPods = { matchLabels: { 'app.kubernetes.io/instance': 'scraped', 'app.kubernetes.io/name': 'prom' } };

  it('Prometheus may reach each target on its metrics port and the API server, nothing else', () => {
    const egress = policies.get('prom').egress as Obj[];
    assert.deepEqual(egress.slice(1), [
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'scraped', 'app.kubernetes.io/name': 'admin' } } }], ports: [{ port: 8081, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'scraped', 'app.kubernetes.io/name': 'api' } } }], ports: [{ port: 9100, protocol: 'TCP' }] },
      { ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'scraped', 'app.kubernetes.io/name': 'prom-kube-state-metrics' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });

  it('each target lets Prometheus in on its metrics port only; the job gets nothing', () => {
    assert.deepEqual(policies.get('api').ingress, [{ from: [{ podSelector: promPods }], ports: [{ port: 9100, protocol: 'TCP' }] }]);
    assert.deepEqual(policies.get('admin').ingress, [{ from: [{ podSelector: promPods }], ports: [{ port: 8081, protocol: 'TCP' }] }]);
    assert.equal(policies.get('migrate').ingress, undefined);
  });
});

describe('prometheus entry: external', () => {
  it('an external Prometheus is a connection, and refused as the scraper of mode prometheus', () => {
    const stack = `name: shop
infra:
  prom: {type: prometheus, mode: external, external: {host: prom.example.com, port: 9090}}
services:
  api: {image: acme/api:1, ports: {metrics: 9100}}
observability:
  metrics: {mode: prometheus}
`;
    const d = diagnose(stack);
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]!.code, 'observability-infra');
    assert.match(d[0]!.message, /external Prometheus/);
    assert.match(d[0]!.hint ?? '', /mode: operator/);
    assert.equal(d[0]!.line, 7);
    const plain = diagnose(stack.replace('observability:\n  metrics: {mode: prometheus}\n', 'observability:\n  metrics: {mode: operator}\n'));
    assert.deepEqual(plain, []);
  });
});
