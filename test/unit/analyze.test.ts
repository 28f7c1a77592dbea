/**
 * `analyze`: hand-written manifests with known edges, and the round trip — every example × environment rendered
 * by slipway and analysed back recovers every edge of the stack's own graph, with the same wait flag.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeObjects } from '../../src/analyze/analyze.js';
import { draftStack } from '../../src/analyze/draft-stack.js';
import { objectsFromText } from '../../src/analyze/read-manifests.js';
import { recognizeImage, repositoryOf } from '../../src/analyze/recognize.js';
import { renderStack } from '../../src/commands/render.js';
import { buildGraph } from '../../src/graph/build.js';
import { collapseCopies } from '../../src/graph/collapse.js';
import { formatGraph } from '../../src/graph/print-text.js';
import { loadStack, parseStack } from '../../src/load/load-stack.js';
import type { StackGraph } from '../../src/model/graph.js';
import type { StackSpec } from '../../src/model/stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import { resolvedOf, STACKS } from '../stacks.js';

const FIXTURE = 'test/fixtures/analyze/shop.yaml';

test('hand-written manifests: env, ConfigMap (envFrom and mounted file), headless pod names, Job waits, external DSNs, tenant copies', () => {
  const r = analyzeObjects(objectsFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE));
  assert.equal(
    formatGraph(collapseCopies(r.graph)),
    [
      'billing-db (infra mysql, external)',
      'cache (infra redis)',
      'pg (infra postgresql)',
      'migrate (job) ~> pg [database orders]',
      'search (infra elasticsearch)',
      'api (service) ~> billing-db [database billing] ~> cache [address] -> migrate [completion] ~> pg [database orders] ~> search [address]',
      'report (worker, tenants acme globex) ~> api [address]',
      'web (service) ~> api [url]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(r.externals, [{ name: 'billing-db', hosts: ['billing-db.corp.example.net'] }]);
  assert.deepEqual(r.ingresses, [{ host: 'shop.example.com', path: '/', component: 'web' }]);
  assert.deepEqual(r.namespaces, ['shop']);
});

test('names that only look like references are not edges: a database named like a service, a docs URL in a file, our own public URL', () => {
  const r = analyzeObjects(objectsFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE));
  assert.ok(!r.graph.edges.some((e) => e.from === 'pg'), 'POSTGRES_DB=orders and MYSQL_DATABASE=web name no host');
  assert.ok(!r.graph.nodes.some((n) => n.name === 'docs' || n.name === 'shop'), 'no external node for a docs link or the ingress host');
});

test('images are recognised by repository, whatever the registry, mirror prefix or tag', () => {
  assert.equal(repositoryOf('registry.local:5000/library/postgres:17@sha256:abc'), 'library/postgres');
  assert.deepEqual(recognizeImage('docker.io/library/postgres:17.2'), { family: 'postgresql', catalog: true });
  assert.deepEqual(recognizeImage('apache/kafka:4.1.0'), { family: 'kafka', catalog: true });
  assert.deepEqual(recognizeImage('mirror.corp/bitnami/mariadb:11'), { family: 'mysql', catalog: true });
  assert.deepEqual(recognizeImage('nacos/nacos-server:v2.4.3'), { family: 'nacos', catalog: true });
  assert.equal(recognizeImage('ghcr.io/acme/postgres-exporter-sidecar:1'), undefined);
});

for (const { name, file } of STACKS) {
  const loaded = loadStack(file);
  for (const env of environmentNames(loaded.data as StackSpec)) {
    test(`round trip ${name} / ${env}: analysing the render recovers every edge of the stack's graph`, () => {
      const rendered = renderStack(loaded, { environment: env });
      const stackGraph = buildGraph(rendered.resolved);
      const r = analyzeObjects(rendered.objects);
      // External servers are named by host on the analysed side: map each stack name to the node holding its host.
      const hostsOf = (n: string) => {
        const x = rendered.resolved.infra.find((i) => i.name === n)?.external;
        return [...(x?.host ? [x.host] : []), ...(x?.brokers ?? []).map((b) => b.split(':')[0]!)];
      };
      const mapped = (n: string) => {
        const hosts = hostsOf(n);
        return hosts.length ? r.externals.find((x) => x.hosts.some((h) => hosts.includes(h)))?.name ?? `?${n}` : n;
      };
      const found = new Set(r.graph.edges.map((e) => `${e.from} ${e.wait ? '->' : '~>'} ${e.to}`));
      const missing = stackGraph.edges.map((e) => `${mapped(e.from)} ${e.wait ? '->' : '~>'} ${mapped(e.to)}`).filter((e) => !found.has(e));
      assert.deepEqual(missing, [], `edges not recovered (analysed: ${[...found].join('; ')})`);
      for (const n of stackGraph.nodes) assert.ok(r.graph.nodes.some((m) => m.name === mapped(n.name)), `node ${n.name}`);
    });
  }
}

for (const { name, file } of STACKS) {
  test(`--to-stack ${name} / prod: the draft validates and its graph has exactly the analysed edges`, () => {
    const rendered = renderStack(loadStack(file), { environment: 'prod' });
    const r = analyzeObjects(rendered.objects);
    const draft = draftStack(rendered.objects, r);
    assert.match(draft, /^# Draft stack written by `slipway analyze --to-stack`/);
    const drafted = buildGraph(resolvedOf(parseStack(draft, 'draft.yaml')));
    const edges = (g: StackGraph) => g.edges.map((e) => `${e.from} ${e.wait ? '->' : '~>'} ${e.to}`).sort();
    assert.deepEqual(edges(drafted), edges(r.graph));
  });
}

test('--to-stack of hand-written manifests: validates, leaves TODOs for credentials and unknown servers, two SQL servers get their own variable names', () => {
  const objects = objectsFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  const draft = draftStack(objects, analyzeObjects(objects));
  const stack = resolvedOf(parseStack(draft, 'draft.yaml'));
  assert.equal(stack.name, 'shop');
  assert.match(draft, /# TODO: create Secret billing-db-password \(key password\)/);
  assert.match(draft, /# TODO: recognised as elasticsearch, which the catalog does not deploy/);
  const api = stack.services.find((s) => s.name === 'api')!;
  const names = api.uses.flatMap((u) => Object.values(u.env));
  assert.equal(new Set(names).size, names.length, 'no variable set twice');
  assert.ok(names.includes('DATABASE_URL') && names.includes('PG_URL'), names.join(' '));
  assert.deepEqual(stack.services.find((s) => s.name === 'report-acme')?.tenant, 'acme');
});
