/**
 * `slipway graph`: the text printer is the oracle (exact expectations here); Mermaid, DOT and SVG are checked
 * to carry exactly the text printer's nodes and edges, and every example's prod map is a reviewed golden.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { graphCommand } from '../../src/commands/graph.js';
import { collapseCopies } from '../../src/graph/collapse.js';
import { formatDot } from '../../src/graph/print-dot.js';
import { formatMermaid } from '../../src/graph/print-mermaid.js';
import { formatGraph } from '../../src/graph/print-text.js';
import { renderSvg } from '../../src/graph/render-svg.js';
import { parseStack } from '../../src/load/load-stack.js';
import { loadStack } from '../../src/load/load-stack.js';
import type { StackGraph } from '../../src/model/graph.js';
import { STACKS } from '../stacks.js';

const STACK = `
name: shop
tenants: [acme, globex]
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 8080}, perTenant: true, uses: [api, {db: {database: web}}]}
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [migrate, db, cache, events, {billing: {wait: false, env: {url: BILLING_URL, host: BILLING_HOST, port: BILLING_PORT, database: BILLING_NAME, user: BILLING_USER, password: BILLING_PASSWORD}}}]}
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0, uses: [db]}
  ingest: {kind: worker, image: ghcr.io/acme/ingest:1.0.0, shards: [eu, us], uses: [events]}
  nightly: {kind: cron, image: ghcr.io/acme/nightly:1.0.0, schedule: "0 3 * * *", uses: [{api: {env: {url: null, host: null, port: null, address: null}}}]}
infra:
  db: {type: postgresql}
  cache: {type: redis}
  events: {type: kafka}
  billing: {type: mysql, mode: external, external: {host: billing.example.internal, passwordSecret: {name: billing-db}}}
`;

const graphOf = (expand: boolean) => graphCommand(parseStack(STACK, 'shop.yaml'), { expand }).graph;

test('text: collapsed copies list their tenants and shards; edges say what they carry', () => {
  assert.equal(
    formatGraph(graphOf(false)),
    [
      'billing (infra mysql, external)',
      'cache (infra redis)',
      'db (infra postgresql)',
      'events (infra kafka)',
      'ingest (worker, shards eu us) -> events [brokers]',
      'migrate (job) -> db [database shop]',
      'api (service) ~> billing [database shop] -> cache [redis] -> db [database shop] -> events [brokers] -> migrate [completion]',
      'nightly (cron) -> api',
      'web (service, tenants acme globex) -> api [url] -> db [database web]',
      '',
    ].join('\n'),
  );
});

test('text: --expand shows every copy; collapsing it again gives the collapsed graph', () => {
  const expanded = graphOf(true);
  const text = formatGraph(expanded);
  assert.match(text, /^web-acme \(service, tenant acme\) -> api \[url\] -> db \[database web\]$/m);
  assert.match(text, /^ingest-us \(worker, shard us\) -> events \[brokers\]$/m);
  assert.equal(expanded.nodes.length, 11);
  assert.deepEqual(collapseCopies(expanded), graphOf(false));
});

/** Edges as "from wait to carries" lines, recovered from a printer's output by a printer-specific pattern. */
function edgeSet(graph: StackGraph): string[] {
  return graph.edges.map((e) => `${e.from} ${e.wait ? '->' : '~>'} ${e.to} ${e.carries ?? ''}`).sort();
}

test('mermaid: one node per graph node in its group, one arrow per edge with its label', () => {
  const graph = graphOf(false);
  const text = formatMermaid(graph);
  assert.ok(text.startsWith('flowchart LR\n'));
  const idToName = new Map<string, string>();
  for (const m of text.matchAll(/^ {4}(n_\w+)\W+"([^"<]+)/gm)) idToName.set(m[1]!, m[2]!);
  assert.deepEqual([...idToName.values()].sort(), graph.nodes.map((n) => n.name).sort());
  const edges = [...text.matchAll(/^ {2}(n_\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? (n_\w+)$/gm)].map(
    (m) => `${idToName.get(m[1]!)} ${m[2] === '-->' ? '->' : '~>'} ${idToName.get(m[4]!)} ${m[3] ?? ''}`,
  );
  assert.deepEqual(edges.sort(), edgeSet(graph));
  // Groups: roles first, infra by family, external last; the external server is drawn dashed.
  assert.deepEqual([...text.matchAll(/^ {2}subgraph (\w+)/gm)].map((m) => m[1]), ['apps', 'workers', 'jobs', 'infra_kafka', 'infra_postgresql', 'infra_redis', 'external']);
  assert.match(text, /^ {2}class n_billing external$/m);
});

test('dot and svg: the same nodes and edges, laid out by Graphviz, byte-identical across runs', async () => {
  const graph = graphOf(false);
  const dot = formatDot(graph);
  const dotEdges = [...dot.matchAll(/^ {2}n_(\w+) -> n_(\w+)(?: \[(.*)\])?;$/gm)].map((m) => {
    const attrs = m[3] ?? '';
    const label = /label="([^"]*)"/.exec(attrs)?.[1] ?? '';
    return `${m[1]!.replace(/_/g, '-')} ${attrs.includes('dashed') ? '~>' : '->'} ${m[2]!.replace(/_/g, '-')} ${label}`;
  });
  assert.deepEqual(dotEdges.sort(), edgeSet(graph));
  const svg = await renderSvg(graph);
  assert.match(svg, /^<\?xml/);
  assert.equal([...svg.matchAll(/<g id="node\d+" class="node">/g)].length, graph.nodes.length);
  assert.equal([...svg.matchAll(/<g id="edge\d+" class="edge">/g)].length, graph.edges.length);
  for (const n of graph.nodes) assert.ok(svg.includes(`>${n.name}</text>`), `svg draws ${n.name}`);
  assert.equal(await renderSvg(graph), svg);
});

test('mermaid and dot ids stay unique when names differ only in punctuation', () => {
  const graph: StackGraph = { nodes: [{ name: 'api-v2', kind: 'service' }, { name: 'api_v2', kind: 'service' }], edges: [{ from: 'api-v2', to: 'api_v2', wait: true }] };
  assert.match(formatMermaid(graph), /n_api_v2 --> n_api_v2_2/);
  assert.match(formatDot(graph), /n_api_v2 -> n_api_v2_2;/);
});

for (const { name, file } of STACKS) {
  test(`map golden ${name} / prod (mermaid)`, () => {
    const loaded = loadStack(file);
    const text = formatMermaid(graphCommand(loaded, { environment: 'prod' }).graph);
    const golden = join('test/golden-maps', `${name}-prod.mmd`);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync('test/golden-maps', { recursive: true });
      writeFileSync(golden, text);
    }
    assert.ok(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 and review it`);
    assert.equal(text, readFileSync(golden, 'utf8'));
  });
}
