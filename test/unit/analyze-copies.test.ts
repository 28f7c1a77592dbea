/**
 * Maps of systems slipway did not write: per-tenant copies and shards recognised from names (and what must not
 * be taken for them), and maps that span namespaces drawn with a box per namespace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeObjects } from '../../src/analyze/analyze.js';
import { draftStack } from '../../src/analyze/draft-stack.js';
import { formatReport } from '../../src/analyze/print-report.js';
import { collapseCopies } from '../../src/graph/collapse.js';
import { formatDot } from '../../src/graph/print-dot.js';
import { formatMermaid } from '../../src/graph/print-mermaid.js';
import { formatGraph } from '../../src/graph/print-text.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { validateStack } from '../../src/validate/validate.js';

function deployment(name: string, image: string, opts: { ns?: string; args?: string[]; env?: Record<string, string>; port?: number } = {}): K8sObject[] {
  const labels = { app: name };
  const container = { name: 'main', image, ...(opts.args ? { args: opts.args } : {}), env: Object.entries(opts.env ?? {}).map(([n, value]) => ({ name: n, value })), ...(opts.port ? { ports: [{ containerPort: opts.port }] } : {}) };
  const ns = opts.ns ?? 'prod';
  const out: K8sObject[] = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } } as K8sObject];
  if (opts.port) out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: labels, ports: [{ port: opts.port }] } } as K8sObject);
  return out;
}

test('tenant copies and shards are recognised from their names; role words and servers named after their users are not', () => {
  const objects = [
    ...deployment('redis', 'redis:7.4', { port: 6379 }),
    ...['acme', 'globex', 'initech'].flatMap((t) => deployment(`fp-${t}`, 'registry.example.com/fp:3.1', { env: { REDIS_HOST: 'redis', TENANT: t }, port: 8080 })),
    ...['group1', 'group2'].flatMap((g) => deployment(`fp-${g}-deployment`, 'registry.example.com/fp-async:3.1', { args: ['--async'], env: { REDIS_URL: 'redis://redis:6379' } })),
    ...deployment('cache-master', 'bitnami/redis:7.4', { port: 6379 }),
    ...deployment('cache-replica', 'bitnami/redis:7.4', { port: 6379 }),
    ...deployment('metabase', 'metabase/metabase:v0.50', { env: { MB_DB_HOST: 'metabase-mysql' }, port: 3000 }),
    ...deployment('nacos', 'nacos/nacos-server:v2.4', { env: { MYSQL_SERVICE_HOST: 'nacos-mysql' }, port: 8848 }),
    ...deployment('metabase-mysql', 'mysql:8.4', { port: 3306 }),
    ...deployment('nacos-mysql', 'mysql:8.4', { port: 3306 }),
    ...deployment('app-sync', 'registry.example.com/app:1', { args: ['sync'] }),
    ...deployment('app-export', 'registry.example.com/app:1', { args: ['export'] }),
  ];
  const r = analyzeObjects(objects);
  const byName = new Map(r.graph.nodes.map((n) => [n.name, n]));
  assert.deepEqual(['fp-acme', 'fp-globex', 'fp-initech'].map((n) => [byName.get(n)?.base, byName.get(n)?.tenant]), [['fp', 'acme'], ['fp', 'globex'], ['fp', 'initech']]);
  assert.deepEqual(['fp-group1-deployment', 'fp-group2-deployment'].map((n) => [byName.get(n)?.base, byName.get(n)?.shard]), [['fp-deployment', 'group1'], ['fp-deployment', 'group2']]);
  for (const n of ['cache-master', 'cache-replica', 'metabase-mysql', 'nacos-mysql', 'app-sync', 'app-export']) assert.equal(byName.get(n)?.base, undefined, `${n} is a component of its own`);
  const folded = formatGraph(collapseCopies(r.graph));
  assert.match(folded, /^fp \(service, tenants acme globex initech\) ~> redis \[address\]$/m);
  assert.match(folded, /^fp-deployment \(worker, shards group1 group2\) ~> redis \[redis\]$/m);

  // The report says which tenant each per-tenant host belongs to.
  const routes = ['acme', 'globex'].map((t) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: `fp-${t}`, namespace: 'prod' }, spec: { rules: [{ host: `${t}.fp.example.com`, http: { paths: [{ path: '/', backend: { service: { name: `fp-${t}` } } }] } }] } }) as K8sObject);
  const report = formatReport(analyzeObjects([...objects, ...routes]));
  assert.match(report, /^\| host \| path \| component \| tenant \|$/m);
  assert.match(report, /^\| acme\.fp\.example\.com \| \/ \| fp-acme \| acme \|$/m);

  // The draft stack writes the copies back as one per-tenant service and the stack's tenant list.
  const draft = draftStack(objects, r);
  assert.match(draft, /^tenants:\n {2}- acme\n {2}- globex\n {2}- initech$/m);
  assert.match(draft, /^ {2}fp:\n(.*\n)*? {4}perTenant: true$/m);
  const checked = validateStack(parseStack(draft, 'draft.yaml'));
  assert.deepEqual(checked.diagnostics.filter((d) => (d.severity ?? 'error') === 'error'), []);
});

test('a map of several namespaces draws a box per namespace around its groups; one namespace draws none', () => {
  const objects = [
    ...deployment('db', 'postgres:17', { ns: 'team-a', port: 5432 }),
    ...deployment('api', 'registry.example.com/api:1', { ns: 'team-a', env: { DATABASE_URL: 'postgres://u@db:5432/a' }, port: 8080 }),
    ...deployment('api', 'registry.example.com/api:1', { ns: 'team-b', env: { UPSTREAM: 'http://api.team-a.svc:8080' }, port: 8080 }),
  ];
  const r = analyzeObjects(objects);
  assert.deepEqual(r.namespaces, ['team-a', 'team-b']);
  assert.equal(formatGraph(r.graph), ['db (infra postgresql, namespace team-a)', 'team-a/api (service, namespace team-a) ~> db [database a]', 'team-b/api (service, namespace team-b) ~> team-a/api [url]', ''].join('\n'));
  const mermaid = formatMermaid(r.graph);
  assert.match(mermaid, /^ {2}subgraph ns_team_a\["namespace team-a"\]\n {4}subgraph ns_team_a__apps\["apps"\]\n {6}n_team_a_api\["team-a\/api"\]\n {4}end\n {4}subgraph ns_team_a__infra_postgresql\["postgresql"\]\n {6}n_db\[\("db"\)\]\n {4}end\n {2}end\n {2}subgraph ns_team_b\["namespace team-b"\]/m);
  assert.match(formatDot(r.graph), /subgraph cluster_ns_team_b \{\n {4}label="namespace team-b";\n {4}subgraph cluster_ns_team_b__apps \{/);
  const single = analyzeObjects(objects.filter((o) => o.metadata.namespace === 'team-a'));
  assert.doesNotMatch(formatMermaid(single.graph), /namespace/, 'one namespace needs no box');
});

test('the Markdown report lists lint risks by rule, most severe first; an analysis of slipway\'s own prod render has no error-level risk', async () => {
  const { analyzeCommand } = await import('../../src/commands/analyze.js');
  const hand = await analyzeCommand({ paths: ['test/fixtures/analyze/shop.yaml'], risks: true });
  const rules = hand.risks!.map((r) => r.rule);
  assert.ok(rules.includes('run-as-root') && rules.includes('single-replica'), rules.join(' '));
  const rank = { error: 0, warning: 1, info: 2 };
  assert.deepEqual(hand.risks!.map((r) => rank[r.severity]), [...hand.risks!.map((r) => rank[r.severity])].sort(), 'most severe first');
  assert.match(formatReport(hand), /^## Risks\n\nFrom `slipway lint`[^\n]*\n\n\| rule \| severity \| objects \| first finding \|$/m);
  assert.match(formatReport(hand), /^\| `run-as-root` \| warning \| 7: Deployment\/shop\/api, /m);
  const { renderStack } = await import('../../src/commands/render.js');
  const { loadStack } = await import('../../src/load/load-stack.js');
  const { risksOf } = await import('../../src/analyze/risks.js');
  const own = risksOf(renderStack(loadStack('examples/nova/slipway.yaml'), { environment: 'prod' }).objects);
  assert.deepEqual(own.filter((r) => r.severity === 'error'), []);
  assert.equal((await analyzeCommand({ paths: ['test/fixtures/analyze/shop.yaml'] })).risks, undefined, 'lint runs only when asked');
});
