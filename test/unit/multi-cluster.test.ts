/**
 * A multi-cluster environment: each cluster's overlay applies on the environment's, a cluster renders only what
 * its block changes, commands that act on one target ask which cluster, and a fanned-out run's exit code is the
 * worst of its clusters'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { clustersFor, worstExit, type FannedOut } from '../../src/commands/fan-out.js';
import { renderTree } from '../../src/commands/render-tree.js';
import { ExitCode } from '../../src/diagnostics/errors.js';
import { refKey, refOf, type K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { mergeEnvironment } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';
import { slipway, stackFile } from '../helpers.js';

const FP = 'examples/feature-platform/slipway.yaml';

const STACK = `name: shop
vars: { domain: shop.example.com }
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: { http: 8080 }
    replicas: 1
    env: { REGION: none }
    ingress: { host: "api.\${vars.domain}" }
environments:
  dev: {}
  prod:
    services: { api: { replicas: 3, env: { TIER: gold } } }
    clusters:
      eu:
        context: prod-eu
        vars: { domain: eu.shop.example.com }
        services: { api: { env: { REGION: eu } } }
      us:
        context: prod-us
        services: { api: { replicas: 5 } }
`;

test("a cluster's overlay applies after the environment's, with the same merge rules", () => {
  const stack = loadStack(stackFile(STACK)).data as StackSpec;
  const eu = mergeEnvironment(stack, 'prod', 'eu');
  assert.equal(eu.services!.api!.replicas, 3, 'the environment’s replicas stay where the cluster sets none');
  assert.deepEqual(eu.services!.api!.env, { REGION: 'eu', TIER: 'gold' }, 'maps merge key by key through both overlays');
  assert.equal(eu.vars!.domain, 'eu.shop.example.com');
  assert.equal(mergeEnvironment(stack, 'prod', 'us').services!.api!.replicas, 5, 'the cluster wins over the environment');
  assert.equal(mergeEnvironment(stack, 'prod').services!.api!.replicas, 3, 'no cluster: the environment alone');
});

test('each cluster renders with its own context and overrides, and nothing else differs', () => {
  const loaded = loadStack(stackFile(STACK));
  const eu = renderStack(loaded, { environment: 'prod', cluster: 'eu' });
  const us = renderStack(loaded, { environment: 'prod', cluster: 'us' });
  assert.equal(eu.resolved.context, 'prod-eu');
  assert.equal(eu.resolved.cluster, 'eu');
  assert.equal(us.resolved.context, 'prod-us');
  const byKey = (objects: K8sObject[]) => new Map(objects.map((o) => [refKey(refOf(o)), JSON.stringify(o)]));
  const [a, b] = [byKey(eu.objects), byKey(us.objects)];
  assert.deepEqual([...a.keys()], [...b.keys()], 'the same objects in both clusters');
  const differing = [...a.keys()].filter((k) => a.get(k) !== b.get(k)).sort();
  assert.deepEqual(differing, ['Deployment/shop-prod/api', 'Ingress/shop-prod/api'], 'only what the cluster blocks change: replicas and env, and the host');
  assert.match(a.get('Ingress/shop-prod/api')!, /"api\.eu\.shop\.example\.com"/);
  assert.match(b.get('Ingress/shop-prod/api')!, /"api\.shop\.example\.com"/);
  assert.match(a.get('Deployment/shop-prod/api')!, /"replicas":3/);
  assert.match(b.get('Deployment/shop-prod/api')!, /"replicas":5/);
});

test('the feature-platform example runs prod in two regions that differ only where the stack says', () => {
  const loaded = loadStack(FP);
  const us = renderStack(loaded, { environment: 'prod', cluster: 'useast1' });
  const eu = renderStack(loaded, { environment: 'prod', cluster: 'euwest1' });
  const replicas = (r: typeof us, name: string) => (r.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)?.spec as { replicas?: number }).replicas;
  assert.equal(replicas(us, 'fp-api-main'), 4);
  assert.equal(replicas(eu, 'fp-api-main'), 2);
  const hosts = (r: typeof us) => r.objects.filter((o) => o.kind === 'Ingress').flatMap((o) => (o.spec as { rules: { host: string }[] }).rules.map((x) => x.host));
  assert.ok(hosts(us).every((h) => h.endsWith('.us.fp.example.com')), hosts(us).join(' '));
  assert.ok(hosts(eu).every((h) => h.endsWith('.eu.fp.example.com')), hosts(eu).join(' '));
  // The infra the clusters share (Kafka, ClickHouse) is the same in both regions.
  const statefulSets = (r: typeof us) => JSON.stringify(r.objects.filter((o) => o.kind === 'StatefulSet'));
  assert.equal(statefulSets(us), statefulSets(eu));
});

test('render --format writes one entry per cluster; render to stdout asks which cluster', () => {
  const tree = renderTree(loadStack(FP), { format: 'helm' });
  assert.deepEqual(tree.environments, ['dev', 'prod-euwest1', 'prod-useast1']);
  assert.ok(tree.files.has('values-prod-euwest1.yaml') && tree.files.has('values-prod-useast1.yaml') && !tree.files.has('values-prod.yaml'));

  const r = slipway(['render', FP, '-e', 'prod']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '', 'no partial output');
  assert.match(r.stderr, /environment "prod" is deployed to several clusters \(euwest1, useast1\).*\[cluster-required\]\n\s+hint: add --cluster euwest1/);
  const one = slipway(['render', FP, '-e', 'prod', '--cluster', 'euwest1']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /host: fp-api\.eu\.fp\.example\.com|eu\.fp\.example\.com/);
  const bad = slipway(['render', FP, '-e', 'prod', '--cluster', 'euwest']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /environment "prod" has no cluster "euwest" \[unknown-cluster\]\n\s+hint: .*euwest1/);
  const single = slipway(['render', FP, '-e', 'dev', '--cluster', 'euwest1']);
  assert.equal(single.status, 2);
  assert.match(single.stderr, /deployed to one cluster/);
});

test('the clusters a command acts on, and the exit code of a fanned-out run', () => {
  const loaded = loadStack(stackFile(STACK));
  assert.deepEqual(clustersFor(loaded, 'prod'), { environment: 'prod', clusters: ['eu', 'us'] });
  assert.deepEqual(clustersFor(loaded, 'prod', ['us']), { environment: 'prod', clusters: ['us'] });
  assert.deepEqual(clustersFor(loaded, 'dev'), { environment: 'dev', clusters: [] });
  assert.throws(() => clustersFor(loaded, 'prod', ['asia']), /has no cluster "asia"/);

  const out = (codes: (number | 'ok')[]): FannedOut<number> => ({
    environment: 'prod',
    clusters: codes.map((c, i) => (c === 'ok' ? { cluster: `c${i}`, context: '', result: 0 } : { cluster: `c${i}`, context: '', failure: { diagnostics: [], exitCode: c } })),
  });
  assert.equal(worstExit(out(['ok', 'ok'])), ExitCode.ok);
  assert.equal(worstExit(out(['ok', ExitCode.deployFailed])), ExitCode.deployFailed);
  assert.equal(worstExit(out([ExitCode.user, ExitCode.deployFailed])), ExitCode.deployFailed);
  assert.equal(worstExit(out([ExitCode.deployFailed, ExitCode.internal])), ExitCode.internal, 'a bug outranks everything');
  assert.equal(worstExit(out(['ok', 'ok']), () => ExitCode.changes), ExitCode.changes, 'a result’s own code (diff --exit-code) counts');
  assert.equal(worstExit(out(['ok', ExitCode.user]), () => ExitCode.changes), ExitCode.user, 'a failure outranks a result’s code');
});

test('Argo CD: each cluster of an environment is its own element, its destination named by the cluster’s context', async () => {
  const { parse } = await import('yaml');
  const gitops = { repoURL: 'https://git.example.com/platform/deploy.git', revision: 'main', path: 'deploy', source: 'helm' as const, layout: 'applicationset' as const, server: 'https://kubernetes.default.svc', namespace: 'argocd', project: 'default', automated: true };
  const tree = renderTree(loadStack(FP), { format: 'argocd', gitops });
  const set = parse(tree.files.get('argocd/applicationset.yaml')!.text.replace(/^#.*\n/, '')) as { spec: { generators: { list: { elements: { environment: string; cluster: string }[] } }[]; template: { spec: { destination: object } } } };
  assert.deepEqual(
    set.spec.generators[0]!.list.elements.map((e) => [e.environment, e.cluster]),
    [['dev', 'in-cluster'], ['prod-euwest1', 'prod-euwest1'], ['prod-useast1', 'prod-useast1']],
  );
  assert.deepEqual(set.spec.template.spec.destination, { name: '{{.cluster}}', namespace: '{{.namespace}}' });
  const apps = renderTree(loadStack(FP), { format: 'argocd', gitops: { ...gitops, layout: 'applications' } });
  const eu = parse(apps.files.get('argocd/application-prod-euwest1.yaml')!.text.replace(/^#.*\n/, '')) as { spec: { destination: object } };
  assert.deepEqual(eu.spec.destination, { name: 'prod-euwest1', namespace: 'feature-platform' });
  const dev = parse(apps.files.get('argocd/application-dev.yaml')!.text.replace(/^#.*\n/, '')) as { spec: { destination: object } };
  assert.deepEqual(dev.spec.destination, { server: 'https://kubernetes.default.svc', namespace: 'feature-platform-dev' });
});
