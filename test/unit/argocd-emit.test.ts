/**
 * `render --format argocd` as a tree: sync waves follow the plan (every component after what it waits for, infra
 * before apps, routing last), data, generated credentials and the namespace are kept by Argo CD as by slipway,
 * autoscaled replicas are ignored, the Argo CD objects point at files the tree holds, and the output is
 * deterministic. The chart's and overlays' contents are checked by the real tools in test/peers/argocd-emit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { renderStack } from '../../src/commands/render.js';
import { renderTree, type TreeOptions } from '../../src/commands/render-tree.js';
import { gitopsTarget } from '../../src/commands/gitops-target.js';
import { KEEP, SYNC_OPTIONS, SYNC_WAVE } from '../../src/emit/formats/argocd-sync.js';
import type { GitOpsTarget } from '../../src/emit/formats/contract.js';
import { buildGraph } from '../../src/graph/build.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { waitsFor } from '../../src/model/graph.js';
import { planWaves } from '../../src/plan/waves.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { slipway, stackFile, tempDir } from '../helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY = Buffer.alloc(32, 7);
const target = (over: Partial<GitOpsTarget> = {}): GitOpsTarget => gitopsTarget('argocd', { repo: 'https://git.example.com/acme/deploy.git', path: 'deploy/data', ...over } as never, 'ignored')!;
const tree = (file: string, over: Partial<GitOpsTarget> = {}, opts: Partial<TreeOptions> = {}) =>
  renderTree(loadStack(file), { format: 'argocd', secrets: 'include', secretKey: KEY, gitops: { ...target(), ...over }, ...opts });
const objectsIn = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter(Boolean);
const annotation = (o: K8sObject, k: string) => o.metadata.annotations?.[k];

/** The objects of the tree's files under `prefix` (patch files and kustomizations left out). */
function objectsUnder(files: Map<string, { text: string }>, prefix: string): K8sObject[] {
  return [...files].filter(([p]) => p.startsWith(prefix) && !p.endsWith('kustomization.yaml') && !p.includes('/patches/')).flatMap(([, f]) => objectsIn(f.text));
}

test('data-pipeline: every component syncs in a later wave than what it waits for; namespace first, infra before apps, routing last', () => {
  const file = 'examples/data-pipeline/slipway.yaml';
  const loaded = loadStack(file);
  const files = tree(file, { source: 'kustomize' }).files;
  for (const env of ['dev', 'prod']) {
    const r = renderStack(loaded, { environment: env, secrets: 'include', secretKey: KEY });
    const graph = buildGraph(r.resolved);
    // The base holds what every environment shares, so its annotations are read together with the overlay's own.
    const objs = [...objectsUnder(files, 'kustomize/base/'), ...objectsUnder(files, `kustomize/overlays/${env}/`)];
    const wave = (kind: string, name: string) => {
      const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
      assert.ok(o, `${env}: ${kind}/${name} emitted`);
      const w = annotation(o, SYNC_WAVE);
      assert.match(String(w), /^\d+$/, `${env}: ${kind}/${name} has a sync wave`);
      return Number(w);
    };
    const workload = (c: string) => objs.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind) && (o.metadata.labels?.['app.kubernetes.io/name'] === c || o.metadata.name === c));
    const waveOf = (c: string) => Math.min(...workload(c).map((o) => Number(annotation(o, SYNC_WAVE))));
    let edges = 0;
    for (const n of graph.nodes) {
      for (const dep of waitsFor(graph, n.name)) {
        if (!workload(dep).length || !workload(n.name).length) continue;
        edges += 1;
        assert.ok(waveOf(n.name) > waveOf(dep), `${env}: ${n.name} (wave ${waveOf(n.name)}) syncs after ${dep} (wave ${waveOf(dep)})`);
      }
    }
    assert.ok(edges >= 4, `${env}: the example has waited-for dependencies (${edges})`);
    const ns = objs.find((o) => o.kind === 'Namespace')!;
    assert.equal(annotation(ns, SYNC_WAVE), '0', 'the namespace comes first');
    assert.ok(wave('StatefulSet', 'postgres') < wave('Deployment', 'metabase'), 'infra before the app using it');
    assert.ok(wave('ServiceAccount', 'metabase') < wave('StatefulSet', 'postgres'), 'identity and config before any workload');
    const lastWorkload = Math.max(...objs.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)).map((o) => Number(annotation(o, SYNC_WAVE))));
    assert.ok(wave('Ingress', 'metabase') > lastWorkload, 'routing after every workload');
    const jobs = objs.filter((o) => o.kind === 'Job');
    assert.ok(jobs.length, 'the example provisions with Jobs');
    // A provisioning Job is a step of its server's component (its init container waits for the server), so it
    // syncs with it, and before everything that waits for that server.
    for (const j of jobs) {
      assert.equal(Number(annotation(j, SYNC_WAVE)), wave('StatefulSet', 'postgres'), `${j.metadata.name} syncs with postgres`);
      assert.ok(Number(annotation(j, SYNC_WAVE)) < wave('Deployment', 'metabase'), `${j.metadata.name} before metabase`);
    }
    // The waves are the plan's, numbered in order.
    const plan = planWaves(r.objects, graph);
    for (const o of r.objects) {
      const i = plan.findIndex((w) => w.steps.some((s) => s.objects.some((x) => x.kind === o.kind && x.metadata.name === o.metadata.name)));
      assert.equal(wave(o.kind, o.metadata.name), i, `${env}: ${o.kind}/${o.metadata.name} is in plan wave ${i}`);
    }
  }
});

test('claims, generated credentials and the namespace carry Prune=false,Delete=false; nothing else does', () => {
  const file = stackFile(`${readFileSync('test/golden-features/volumes/stack.yaml', 'utf8')}\ninfra:\n  db: { type: postgresql }\n`.replace('    image: ghcr.io/acme/worker:1.0.0\n', '    image: ghcr.io/acme/worker:1.0.0\n    uses: [db]\n'));
  const files = tree(file, { source: 'kustomize' }).files;
  const objs = [...files].filter(([p]) => p.endsWith('.yaml') && !p.endsWith('kustomization.yaml') && p.startsWith('kustomize/')).flatMap(([, f]) => objectsIn(f.text));
  const kept = objs.filter((o) => annotation(o, SYNC_OPTIONS) === KEEP).map((o) => `${o.kind}/${o.metadata.name}`).sort();
  assert.ok(kept.some((k) => k.startsWith('PersistentVolumeClaim/')), `claims kept: ${kept.join(', ')}`);
  assert.ok(kept.some((k) => k.startsWith('Secret/db')), 'generated credentials kept');
  assert.ok(kept.includes(`Namespace/${objs.find((o) => o.kind === 'Namespace')!.metadata.name}`), 'the namespace kept');
  const others = objs.filter((o) => annotation(o, SYNC_OPTIONS) !== undefined && !['PersistentVolumeClaim', 'Secret', 'Namespace'].includes(o.kind));
  assert.deepEqual(others.map((o) => o.kind), [], 'workloads and config are pruned normally');
});

test('ApplicationSet: a list element per environment with its namespace; the template points at files the tree holds', () => {
  const file = 'examples/data-pipeline/slipway.yaml';
  const loaded = loadStack(file);
  for (const source of ['helm', 'kustomize'] as const) {
    const { files } = tree(file, { source });
    const [set] = objectsIn(files.get('argocd/applicationset.yaml')!.text) as [K8sObject & { spec: Record<string, any> }];
    assert.equal(set.kind, 'ApplicationSet');
    assert.equal(set.metadata.namespace, 'argocd');
    const elements = set.spec.generators[0].list.elements as { environment: string; namespace: string; server: string }[];
    assert.deepEqual(
      elements.map((e) => [e.environment, e.namespace]),
      ['dev', 'prod'].map((env) => [env, renderStack(loaded, { environment: env }).resolved.namespace]),
    );
    const tpl = set.spec.template;
    assert.equal(tpl.spec.destination.namespace, '{{.namespace}}');
    assert.deepEqual(tpl.spec.syncPolicy.automated, { prune: true, selfHeal: true });
    for (const e of elements) {
      const expand = (s: string) => s.replace(/\{\{\.(\w+)\}\}/g, (_m, k: string) => String((e as unknown as Record<string, string>)[k]));
      const path = expand(tpl.spec.source.path);
      assert.ok(path.startsWith('deploy/data/'), path);
      const inTree = path.slice('deploy/data/'.length);
      if (source === 'helm') {
        assert.equal(inTree, 'chart');
        for (const v of tpl.spec.source.helm.valueFiles as string[]) assert.ok(files.has(`chart/${expand(v)}`), `${expand(v)} is in the chart`);
        assert.deepEqual(tpl.spec.source.helm.valuesObject, { createNamespace: true });
      } else {
        assert.ok(files.has(`${inTree}/kustomization.yaml`), `${inTree} is an overlay`);
      }
    }
  }
});

test('Applications layout: one Application per environment, destination and namespaces from the flags', () => {
  const { files } = tree('examples/data-pipeline/slipway.yaml', { layout: 'applications', namespace: 'gitops', server: 'https://prod.example.com:6443', automated: false, revision: 'v1.2.0' });
  const apps = [...files].filter(([p]) => p.startsWith('argocd/')).map(([p, f]) => [p, objectsIn(f.text)[0] as K8sObject & { spec: Record<string, any> }] as const);
  assert.deepEqual(apps.map(([p]) => p), ['argocd/application-dev.yaml', 'argocd/application-prod.yaml']);
  const prod = apps[1]![1];
  assert.equal(prod.metadata.name, 'data-pipeline-prod');
  assert.equal(prod.metadata.namespace, 'gitops');
  assert.deepEqual(prod.spec.destination, { namespace: 'data-pipeline', server: 'https://prod.example.com:6443' });
  assert.equal(prod.spec.source.targetRevision, 'v1.2.0');
  assert.equal(prod.spec.syncPolicy.automated, undefined, '--manual-sync');
  assert.deepEqual(prod.spec.source.helm.valueFiles, ['values-prod.yaml']);
});

test('autoscaled Deployments: replicas left to the autoscaler, ignored per environment (templatePatch in the ApplicationSet)', () => {
  const text = `name: shop
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    ports: {http: 8080}
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
environments:
  dev: {}
  prod:
    services:
      web: { autoscale: { min: 2, max: 6, cpu: 70 } }
`;
  const file = stackFile(text);
  const apps = tree(file, { layout: 'applications' }).files;
  const app = (env: string) => objectsIn(apps.get(`argocd/application-${env}.yaml`)!.text)[0] as K8sObject & { spec: Record<string, any> };
  assert.deepEqual(app('prod').spec.ignoreDifferences, [{ group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }]);
  assert.equal(app('dev').spec.ignoreDifferences, undefined, 'dev scales by replicas: nothing ignored');
  const set = objectsIn(tree(file).files.get('argocd/applicationset.yaml')!.text)[0] as K8sObject & { spec: Record<string, any> };
  const elements = set.spec.generators[0].list.elements as { environment: string; ignoreDifferences: unknown[] }[];
  assert.deepEqual(elements.map((e) => [e.environment, e.ignoreDifferences.length]), [['dev', 0], ['prod', 1]]);
  assert.match(set.spec.templatePatch, /ignoreDifferences: \{\{ toJson \.ignoreDifferences \}\}/);
  const prodWeb = parse(tree(file, { source: 'kustomize' }).files.get('kustomize/overlays/prod/patches/deployment-web.yaml')!.text) as { op: string; path: string }[];
  assert.ok(prodWeb.some((op) => op.op === 'remove' && op.path === '/spec/replicas'), 'prod removes spec.replicas: the autoscaler owns it');
});

test('the tree is deterministic', () => {
  const a = tree('examples/data-pipeline/slipway.yaml').files;
  const b = tree('examples/data-pipeline/slipway.yaml').files;
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [p, f] of a) assert.equal(f.text, b.get(p)!.text, p);
});

test('flags: --repo required, Argo CD flags refused elsewhere, the path from a relative --out, bad values named', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SlipwayError);
      return e.diagnostics[0]!;
    }
    assert.fail('expected a usage error');
  };
  assert.match(err(() => gitopsTarget('argocd', {}, 'out')).hint!, /--repo/);
  assert.match(err(() => gitopsTarget('helm', { repo: 'x' }, 'out')).message, /--repo applies only to --format argocd/);
  assert.match(err(() => gitopsTarget('argocd', { repo: 'x' }, '/abs/out')).hint!, /--path/);
  assert.match(err(() => gitopsTarget('argocd', { repo: 'x', layout: 'appset' }, 'out')).message, /--layout must be one of applicationset, applications/);
  assert.equal(gitopsTarget('argocd', { repo: 'x' }, './deploy/argo/')!.path, 'deploy/argo');
  assert.equal(gitopsTarget('plain', {}, 'out'), undefined);
});

test('CLI: render --format argocd writes the tree; a missing --repo is exit 2 with a hint', () => {
  const dir = join(tempDir(), 'argo');
  const ok = slipway(['render', 'examples/data-pipeline/slipway.yaml', '--format', 'argocd', '--out', dir, '--repo', 'https://git.example.com/d.git', '--path', 'gitops/data']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, /wrote argocd for dev, prod/);
  assert.match(readFileSync(join(dir, 'argocd/applicationset.yaml'), 'utf8'), /path: gitops\/data\/chart/);
  const missing = slipway(['render', 'examples/data-pipeline/slipway.yaml', '--format', 'argocd', '--out', join(tempDir(), 'x')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--repo/);
  assert.doesNotMatch(missing.stderr, /at .*\.js:\d+/, 'no stack trace');
  const stray = slipway(['render', 'examples/data-pipeline/slipway.yaml', '-e', 'dev', '--repo', 'x']);
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /--repo applies only to --format argocd/);
});
