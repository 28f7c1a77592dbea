/**
 * The kube-state-metrics the scraping prometheus entry runs (mode prometheus): namespaced (its flags and Role name
 * the same namespaced kinds, no ClusterRole), hardened, scraped by a job whose name is the one the workload rules
 * select, reachable by Prometheus only, reaching the API server only; left out when the cluster has one, with the
 * rules then selecting the configured job.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { KSM_RESOURCES, KSM_RULES } from '../../src/catalog/kube-state-metrics.js';
import { RULES_KEY } from '../../src/generate/features/monitoring.js';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { resolvedOf } from '../stacks.js';

type Obj = Record<string, any>;
const TEXT = readFileSync(join('test', 'fixtures', 'prometheus', 'stack.yaml'), 'utf8');
const render = (text: string, env: string): K8sObject[] => generate(resolvedOf(parseStack(text, 'slipway.yaml'), env)).objects;
const find = (objects: K8sObject[], kind: string, name: string): Obj | undefined => objects.find((x) => x.kind === kind && x.metadata.name === name) as Obj | undefined;
const jobsOf = (objects: K8sObject[]): Obj[] => parse(find(objects, 'ConfigMap', 'prom-config')!.data['prometheus.yml']).scrape_configs;
const rulesOf = (objects: K8sObject[]): string => find(objects, 'ConfigMap', 'prom-rules')!.data[RULES_KEY];
const KSM = 'prom-kube-state-metrics';
const withOptions = (options: string) => TEXT.replace('prom: { type: prometheus, options: { retention: 7d } }', `prom: { type: prometheus, options: { retention: 7d${options} } }`);

describe('kube-state-metrics beside the scraping Prometheus', () => {
  const prod = render(TEXT, 'prod');
  const deployment = find(prod, 'Deployment', KSM)!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('watches only the stack namespace and only the namespaced kinds its Role grants', () => {
    const args: string[] = container.args;
    assert.deepEqual(args.filter((a) => a.startsWith('--namespaces=')), ['--namespaces=scraped-prod']);
    const flag = args.find((a) => a.startsWith('--resources='))!.slice('--resources='.length).split(',');
    const role = find(prod, 'Role', KSM)!;
    const granted = (role.rules as Obj[]).flatMap((r) => r.resources as string[]);
    assert.deepEqual([...flag].sort(), [...granted].sort(), 'every kind it lists is granted, and no more');
    for (const r of role.rules as Obj[]) assert.deepEqual(r.verbs, ['list', 'watch']);
    assert.deepEqual(role.rules, KSM_RULES);
    for (const cluster of ['nodes', 'namespaces', 'persistentvolumes', 'secrets', 'configmaps']) assert.ok(!flag.includes(cluster), cluster);
    assert.ok(Object.values(KSM_RESOURCES).flat().includes('pods'));
    assert.equal(prod.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'), false);
    const binding = find(prod, 'RoleBinding', KSM)!;
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: KSM });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: KSM, namespace: 'scraped-prod' }]);
    assert.equal(find(prod, 'ServiceAccount', KSM)!.automountServiceAccountToken, false);
    assert.equal(pod.serviceAccountName, KSM);
  });

  it('runs hardened as the image\'s nobody, with a short-lived projected token, probes and resources', () => {
    assert.equal(container.image, 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0');
    assert.equal(pod.securityContext.runAsUser, 65534);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.ok(pod.volumes.find((v: Obj) => v.name === 'api-access').projected.sources.some((s: Obj) => s.serviceAccountToken?.expirationSeconds === 600));
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/livez', port: 'http-metrics' });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'telemetry' });
    assert.deepEqual(container.ports.map((p: Obj) => [p.name, p.containerPort]), [['http-metrics', 8080], ['telemetry', 8081]]);
    for (const k of ['cpu', 'memory', 'ephemeral-storage']) assert.ok(container.resources.requests[k] && container.resources.limits[k], k);
    // Production pulls Always, like every pod slipway writes there.
    assert.equal(container.imagePullPolicy, 'Always');
  });

  it('production gets a budget that lets a drain take the one pod; dev gets none and smaller resources', () => {
    const budget = find(prod, 'PodDisruptionBudget', KSM)!;
    assert.equal(budget.spec.maxUnavailable, 1);
    assert.deepEqual(budget.spec.selector, deployment.spec.selector);
    const dev = render(TEXT, 'dev');
    assert.equal(find(dev, 'PodDisruptionBudget', KSM), undefined);
    assert.ok(find(dev, 'Deployment', KSM));
    assert.notDeepEqual(find(dev, 'Deployment', KSM)!.spec.template.spec.containers[0].resources, container.resources);
  });

  it('is scraped by a job named as the workload rules select it, finding its pods by their labels and keeping their labels', () => {
    const job = jobsOf(prod).find((j) => j.job_name === 'kube-state-metrics')!;
    assert.ok(job);
    assert.equal(job.honor_labels, true);
    const selector = Object.entries(deployment.spec.selector.matchLabels as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',');
    assert.deepEqual(job.kubernetes_sd_configs, [{ role: 'pod', namespaces: { names: ['scraped-prod'] }, selectors: [{ role: 'pod', label: selector }] }]);
    assert.deepEqual(job.relabel_configs[0], { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http-metrics', action: 'keep' });
    // No pod or component label of its own: kube_* series name the pods and workloads they describe.
    assert.deepEqual(job.relabel_configs.map((r: Obj) => r.target_label).filter(Boolean), ['namespace']);
    const rules = rulesOf(prod);
    assert.match(rules, /kube_deployment_spec_replicas\{namespace="scraped-prod",job="kube-state-metrics",deployment=~"admin\|api\|prom"\}/);
    assert.match(rules, /kube_pod_container_status_waiting_reason\{namespace="scraped-prod",job="kube-state-metrics",reason="CrashLoopBackOff"\}/);
  });

  it('a configured job name renames the scrape job and the rules\' selector together', () => {
    const objects = render(TEXT.replace('metrics: { mode: prometheus, interval: 15s }', 'metrics: { mode: prometheus, interval: 15s, kubeStateMetricsJob: ksm }'), 'prod');
    assert.ok(jobsOf(objects).some((j) => j.job_name === 'ksm' && j.honor_labels));
    assert.ok(!rulesOf(objects).includes('job="kube-state-metrics"'));
    assert.match(rulesOf(objects), /kube_pod_container_status_waiting_reason\{namespace="scraped-prod",job="ksm",/);
  });

  it('Prometheus alone may reach it, on 8080; it reaches the API server only', () => {
    const policy = find(prod, 'NetworkPolicy', KSM)!.spec;
    assert.deepEqual(policy.podSelector, deployment.spec.selector);
    assert.deepEqual(policy.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.ingress, [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'scraped', 'app.kubernetes.io/name': 'prom' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    assert.deepEqual(policy.egress, [{ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
    // Not mistaken for a setup Job of Prometheus (those would reach the server and nothing else).
    assert.equal(prod.filter((o) => o.kind === 'NetworkPolicy' && (o as Obj).spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === KSM).length, 1);
  });

  it('options.kubeStateMetrics: false runs none; the rules then select the configured job of the cluster\'s', () => {
    const objects = render(withOptions(', kubeStateMetrics: false').replace('interval: 15s }', 'interval: 15s, kubeStateMetricsJob: cluster-ksm }'), 'prod');
    assert.equal(objects.some((o) => o.metadata.name === KSM), false);
    assert.deepEqual(jobsOf(objects).map((j) => j.job_name), ['prometheus', 'admin', 'api']);
    assert.match(rulesOf(objects), /job="cluster-ksm"/);
    assert.ok(!find(objects, 'NetworkPolicy', 'prom')!.spec.egress.some((r: Obj) => JSON.stringify(r).includes(KSM)));
  });

  it('an instance that does not scrape the stack, and operator mode, run none', () => {
    assert.equal(render('name: solo\ninfra: {prom: {type: prometheus}}\n', 'default').some((o) => o.metadata.name === KSM), false);
    const operator = render(TEXT.replace('metrics: { mode: prometheus', 'metrics: { mode: operator'), 'prod');
    assert.equal(operator.some((o) => o.metadata.name === KSM), false);
    const rule = find(operator, 'PrometheusRule', 'slipway-alerts')!;
    assert.match(JSON.stringify(rule.spec.groups), /job=\\"kube-state-metrics\\"/);
  });
});
