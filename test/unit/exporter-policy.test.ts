/**
 * A scraped Kafka under default-deny (production profile): its exporter runs in a Deployment of its own beside the
 * brokers (catalog/kafka-metrics.ts), so the scraping Prometheus must be let out to it and the exporter must let
 * exactly Prometheus in on its metrics port. Without both, every scrape of Kafka times out in production.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { slipway, stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const STACK = `name: shop
profile: production
services:
  api: { image: ghcr.io/acme/api:1.0.0, ports: { http: 8080 }, uses: [events] }
infra:
  events: { type: kafka }
  prom: { type: prometheus }
observability:
  metrics: { mode: prometheus }
`;

test('Prometheus reaches the Kafka exporter on its metrics port, and only Prometheus gets in', () => {
  const r = slipway(['render', stackFile(STACK)]);
  assert.equal(r.status, 0, r.stderr);
  const objects = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
  const policy = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name)?.spec as Obj;
  const exporter = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'events-exporter') as Obj;
  assert.ok(exporter, 'the exporter Deployment');
  const exporterLabels = exporter.spec.template.metadata.labels as Record<string, string>;
  const prom = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'prom') as Obj;
  const promLabels = prom.spec.template.metadata.labels as Record<string, string>;
  const selects = (selector: Obj | undefined, labels: Record<string, string>) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

  const own = policy('events-exporter');
  assert.ok(selects(own.podSelector, exporterLabels));
  assert.equal(own.ingress?.length, 1, 'one ingress rule');
  const rule = (own.ingress as Obj[])[0]!;
  assert.deepEqual(rule.ports, [{ port: 'metrics', protocol: 'TCP' }]);
  assert.ok(rule.from.every((p: Obj) => selects(p.podSelector, promLabels)) && rule.from.length === 1, 'from Prometheus only');

  const out = (policy('prom').egress as Obj[]).filter((e) => (e.to ?? []).some((p: Obj) => p.podSelector && selects(p.podSelector, exporterLabels)));
  assert.deepEqual(out.map((e) => e.ports), [[{ port: 'metrics', protocol: 'TCP' }]], 'Prometheus is let out to the exporter on its metrics port');
});

const OPERATOR = (extra: string) => `name: shop
profile: production
services:
  api: { image: ghcr.io/acme/api:1.0.0, ports: { http: 8080, metrics: 9100 }, uses: [events] }
infra:
  events: { type: kafka }
observability:
  metrics: { mode: operator${extra} }
`;

function policies(text: string): Map<string, Obj> {
  const r = slipway(['render', stackFile(text)]);
  assert.equal(r.status, 0, r.stderr);
  return new Map(parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter((o) => o?.kind === 'NetworkPolicy').map((o) => [o.metadata.name, o.spec]));
}

test("mode operator: the cluster's Prometheus namespace gets in on the scraped ports only (monitoring unless told)", () => {
  for (const [extra, ns] of [['', 'monitoring'], [', scraperNamespace: observability', 'observability']] as const) {
    const p = policies(OPERATOR(extra));
    const fromScraper = (name: string) => (p.get(name)?.ingress ?? []).filter((r: Obj) => r.from?.some((f: Obj) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns));
    assert.deepEqual(fromScraper('api').map((r: Obj) => r.ports), [[{ port: 9100, protocol: 'TCP' }]], `api admits ${ns} on its metrics port`);
    assert.deepEqual(fromScraper('events-exporter').map((r: Obj) => r.ports), [[{ port: 'metrics', protocol: 'TCP' }]], `the exporter admits ${ns}`);
    assert.deepEqual(fromScraper('events'), [], 'the brokers are not scraped themselves');
    // Only pods of that namespace, whatever their labels: the rule has no podSelector to narrow or widen it.
    assert.ok(fromScraper('api').every((r: Obj) => r.from.length === 1 && r.from[0].podSelector === undefined));
  }
});
