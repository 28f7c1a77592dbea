/**
 * An infra entry's ingress (catalog HTTP ports): the Ingress to the entry's client Service, TLS and annotations as a
 * service's, per-environment patches, the NetworkPolicy that admits the ingress controller on that port only, and
 * the refusals (a database port, an external entry) located at the key with exit 2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { diagnose, slipway, stackFile } from '../helpers.js';

type Obj = Record<string, any>;

const STACK = `name: shop
vars: { domain: shop.example.com }
services:
  web: { image: acme/web:1, ports: { http: 3000 }, ingress: { host: "\${vars.domain}" } }
infra:
  otel:
    type: otel-collector
    options: { cors: ["https://shop.example.com"] }
    ingress: { host: "otel.\${vars.domain}" }
  prom: { type: prometheus }
  grafana:
    type: grafana
    ingress: { host: "grafana.\${vars.domain}", port: 3000, className: nginx }
environments:
  dev: { profile: minimal, vars: { domain: shop.dev.example.com } }
  prod:
    profile: production
    network: { ingressControllers: { team: edge } }
    infra:
      otel:
        ingress: { host: "otel.\${vars.domain}", tls: true, annotations: { cert-manager.io/cluster-issuer: letsencrypt } }
`;

function render(text: string, env: string): Obj[] {
  const r = slipway(['render', stackFile(text), '-e', env]);
  assert.equal(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
}

const find = (objects: Obj[], kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name}`);
  return o;
};

describe('ingress of an infra entry', () => {
  const dev = render(STACK, 'dev');
  const prod = render(STACK, 'prod');

  it("routes the host to the entry's client Service on its first HTTP port by default", () => {
    const ing = find(dev, 'Ingress', 'otel');
    assert.deepEqual(ing.spec, {
      rules: [{ host: 'otel.shop.dev.example.com', http: { paths: [{ backend: { service: { name: 'otel', port: { name: 'otlp-http' } } }, path: '/', pathType: 'Prefix' }] } }],
    });
    // The port the Ingress names is one the Service serves, on the number the entry declares.
    const svc = find(dev, 'Service', 'otel');
    assert.deepEqual(
      svc.spec.ports.filter((p: Obj) => p.name === 'otlp-http').map((p: Obj) => p.port),
      [builtinCatalog.entry('otel-collector')!.httpPorts!['otlp-http']],
    );
    assert.equal(find(dev, 'Ingress', 'otel').metadata.labels['app.kubernetes.io/name'], 'otel');
  });

  it('takes a port by number and the class name, and no ingress where the stack asks for none', () => {
    const ing = find(dev, 'Ingress', 'grafana');
    assert.equal(ing.spec.ingressClassName, 'nginx');
    assert.deepEqual(ing.spec.rules[0].http.paths[0].backend.service.port, { name: 'http' });
    assert.equal(dev.filter((o) => o.kind === 'Ingress').length, 3);
    assert.ok(!dev.some((o) => o.kind === 'Ingress' && o.metadata.name === 'prom'));
  });

  it('takes TLS and annotations from the environment patch (tls: true = <entry>-tls)', () => {
    const ing = find(prod, 'Ingress', 'otel');
    assert.deepEqual(ing.spec.tls, [{ hosts: ['otel.shop.example.com'], secretName: 'otel-tls' }]);
    assert.deepEqual(ing.metadata.annotations, { 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  it("admits the ingress controller's namespaces on the HTTP port only (production policies)", () => {
    const rules = find(prod, 'NetworkPolicy', 'otel').spec.ingress as Obj[];
    const fromController = rules.filter((r) => (r.from ?? []).some((p: Obj) => p.namespaceSelector));
    assert.deepEqual(fromController, [{ from: [{ namespaceSelector: { matchLabels: { team: 'edge' } } }], ports: [{ port: 4318, protocol: 'TCP' }] }]);
    const grafana = (find(prod, 'NetworkPolicy', 'grafana').spec.ingress as Obj[]).filter((r) => (r.from ?? []).some((p: Obj) => p.namespaceSelector));
    assert.deepEqual(grafana, [{ from: [{ namespaceSelector: { matchLabels: { team: 'edge' } } }], ports: [{ port: 3000, protocol: 'TCP' }] }]);
    // Prometheus has no ingress, so the controller does not reach it.
    const prom = (find(prod, 'NetworkPolicy', 'prom').spec.ingress ?? []) as Obj[];
    assert.ok(!prom.some((r) => (r.from ?? []).some((p: Obj) => p.namespaceSelector?.matchLabels?.team === 'edge')));
  });
});

describe('refused infra ingresses', () => {
  const only = (text: string) => {
    const d = diagnose(text).filter((x) => (x.severity ?? 'error') === 'error');
    assert.equal(d.length, 1, JSON.stringify(d));
    return d[0]!;
  };

  it('a database port: an Ingress only routes HTTP', () => {
    const d = only('name: shop\ninfra:\n  db:\n    type: postgresql\n    ingress: { host: db.example.com, port: 5432 }\n');
    assert.equal(d.code, 'infra-ingress');
    assert.equal(d.message, 'port 5432 of postgresql "db" is not one it serves over HTTP, and an Ingress only routes HTTP');
    assert.equal(d.hint, 'clients reach postgresql inside the cluster; remove ingress:');
    assert.equal(d.line, 5);
  });

  it("a port of an HTTP entry that is not one of its HTTP ports, with the ones it has", () => {
    const d = only('name: shop\ninfra:\n  otel:\n    type: otel-collector\n    ingress: { host: otel.example.com, port: otlp-grpc }\n');
    assert.equal(d.message, 'port "otlp-grpc" of otel-collector "otel" is not one it serves over HTTP, and an Ingress only routes HTTP');
    assert.equal(d.hint, 'HTTP ports of otel-collector: otlp-http (4318)');
    assert.equal(d.line, 5);
  });

  it('an external entry', () => {
    const d = only('name: shop\ninfra:\n  prom:\n    type: prometheus\n    mode: external\n    external: { host: prom.example.com }\n    ingress: { host: p.example.com }\n');
    assert.equal(d.message, '"prom" is external: slipway runs no Service of it for an Ingress to route to');
    assert.equal(d.line, 7);
  });

  it('exits 2 through the CLI, located, without a stack trace', () => {
    const r = slipway(['validate', stackFile('name: shop\ninfra:\n  cache:\n    type: redis\n    ingress: { host: cache.example.com }\n')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /slipway\.yaml:5:\d+/);
    assert.match(r.stderr, /redis serves no HTTP port an Ingress could route to/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
