/**
 * `render --format argocd` under the real tools Argo CD runs: for every example, `helm template` of the emitted
 * chart with each environment's values (and createNamespace, as the Applications set it) and `kubectl kustomize`
 * of each overlay yield exactly the environment's render with Argo CD's annotations: every object in a sync
 * wave, the waves those of the plan, keep options where slipway keeps. The data-pipeline example (seed 001)
 * becomes an ApplicationSet over the Helm chart.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderStack } from '../../src/commands/render.js';
import { renderTree } from '../../src/commands/render-tree.js';
import { SYNC_WAVE, withSyncAnnotations } from '../../src/emit/formats/argocd-sync.js';
import { writeDirectory } from '../../src/emit/write-dir.js';
import { buildGraph } from '../../src/graph/build.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { tempDir } from '../helpers.js';
import { STACKS } from '../stacks.js';
import { objectSet } from './object-set.js';

const KEY = Buffer.alloc(32, 9);
const gitops = (source: 'helm' | 'kustomize') => ({
  repoURL: 'https://git.example.com/acme/deploy.git',
  revision: 'main',
  path: 'deploy',
  source,
  layout: 'applicationset' as const,
  server: 'https://kubernetes.default.svc',
  namespace: 'argocd',
  project: 'default',
  automated: true,
});
const parse = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter(Boolean);

function assertSame(got: K8sObject[], want: K8sObject[], what: string): void {
  const [g, w] = [objectSet(got), objectSet(want)];
  assert.deepEqual([...g.keys()].sort(), [...w.keys()].sort(), `${what}: the same objects`);
  for (const [k, v] of w) assert.equal(g.get(k), v, `${what}: ${k}`);
  for (const o of got) assert.match(String(o.metadata.annotations?.[SYNC_WAVE]), /^\d+$/, `${what}: ${o.kind}/${o.metadata.name} has a sync wave`);
}

for (const { name, file } of STACKS) {
  test(`${name}: the argocd chart and overlays render each environment with the plan's sync waves`, () => {
    const loaded = loadStack(file);
    const stack = String((loaded.data as { name: string }).name);
    for (const source of ['helm', 'kustomize'] as const) {
      const tree = renderTree(loaded, { format: 'argocd', secrets: 'include', secretKey: KEY, gitops: gitops(source) });
      const dir = join(tempDir(), 'argo');
      writeDirectory(dir, tree.files);
      for (const { name: env, environment, cluster } of tree.targets) {
        const r = renderStack(loaded, { environment, ...(cluster ? { cluster } : {}), secrets: 'include', secretKey: KEY });
        const want = withSyncAnnotations(r.objects, buildGraph(r.resolved));
        const out =
          source === 'helm'
            ? spawnSync('helm', ['template', stack, join(dir, 'chart'), '-n', r.resolved.namespace, '-f', join(dir, 'chart', `values-${env}.yaml`), '--set', 'createNamespace=true'], { encoding: 'utf8', maxBuffer: 64 << 20 })
            : spawnSync('kubectl', ['kustomize', join(dir, 'kustomize', 'overlays', env)], { encoding: 'utf8', maxBuffer: 64 << 20 });
        assert.equal(out.status, 0, out.stderr);
        assertSame(parse(out.stdout), want, `${source} ${env}`);
      }
      if (source === 'helm') {
        const lint = spawnSync('helm', ['lint', join(dir, 'chart')], { encoding: 'utf8' });
        assert.equal(lint.status, 0, lint.stdout);
      }
    }
  });
}

test('data-pipeline (seed 001): an ApplicationSet over the Helm chart, one element per environment, infra synced before apps', () => {
  const loaded = loadStack('examples/data-pipeline/slipway.yaml');
  const tree = renderTree(loaded, { format: 'argocd', secrets: 'omit', gitops: gitops('helm') });
  const [set] = parse(tree.files.get('argocd/applicationset.yaml')!.text) as (K8sObject & { spec: { generators: { list: { elements: { environment: string }[] } }[] } })[];
  assert.equal(set!.kind, 'ApplicationSet');
  assert.deepEqual(set!.spec.generators[0]!.list.elements.map((e) => e.environment), ['dev', 'prod']);
  const dir = join(tempDir(), 'argo');
  writeDirectory(dir, tree.files);
  for (const env of ['dev', 'prod']) {
    const r = renderStack(loaded, { environment: env });
    const out = spawnSync('helm', ['template', 'data-pipeline', join(dir, 'chart'), '-n', r.resolved.namespace, '-f', join(dir, 'chart', `values-${env}.yaml`), '--set', 'createNamespace=true'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(out.status, 0, out.stderr);
    const objs = parse(out.stdout);
    const wave = (kind: string, n: string) => Number(objs.find((o) => o.kind === kind && o.metadata.name === n)?.metadata.annotations?.[SYNC_WAVE]);
    assert.ok(wave('StatefulSet', 'postgres') < wave('Deployment', 'prefect-server'), `${env}: postgres before prefect-server`);
    // Grafana is the catalog's grafana entry now (observability.dashboards): infra, in an infra wave before the apps.
    assert.ok(wave('StatefulSet', 'grafana') < wave('Deployment', 'prefect-server'), `${env}: grafana (infra) before the apps`);
    assert.ok(wave('StatefulSet', 'clickhouse') < wave('Deployment', 'prefect-worker'), `${env}: clickhouse before the worker that loads it`);
    assert.ok(wave('Deployment', 'prefect-server') < wave('Deployment', 'prefect-worker'), `${env}: prefect-server before its worker`);
  }
});
