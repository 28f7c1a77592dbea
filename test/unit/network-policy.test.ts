/** NetworkPolicies derived from the graph: who may reach whom, on which ports, and what each pod may send. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { cidrProblem } from '../../src/model/network.js';
import { resolvedOf } from '../stacks.js';

const STACK = `
name: shop
services:
  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 3000}, ingress: {host: shop.example.com}, uses: [api]}
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080, admin: 8081, dns: {port: 5353, protocol: UDP}}
    uses: [db, ledger, bus]
  report: {kind: cron, image: ghcr.io/acme/report:1.0.0, schedule: "0 3 * * *", uses: [db]}
  idle: {image: ghcr.io/acme/idle:1.0.0, ports: {http: 8080}}
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0, uses: [db]}
  sync: {kind: worker, image: ghcr.io/acme/sync:1.0.0, uses: [migrate], allow: [{to: idle}, {from: {cidr: 10.1.0.0/16}, ports: [9000]}]}
  tokened: {kind: worker, image: ghcr.io/acme/t:1.0.0, serviceAccountToken: true}
infra:
  db: {type: postgresql}
  ledger:
    type: redis
    mode: external
    external: {host: ledger.example.com, port: 6380, passwordSecret: {name: ledger-pw}, cidr: 10.9.0.0/16}
  bus:
    type: kafka
    mode: external
    external: {brokers: [k1.example.com:9092, k2.example.com:9093]}
environments:
  dev: {}
  prod:
    profile: production
  prod-open:
    profile: production
    network:
      egress: false
      ingressControllers: {team: edge}
  staging:
    network: {policies: true}
`;

type Peer = { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: { matchLabels: Record<string, string> }; ipBlock?: { cidr: string } };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port: number | string; protocol: string }[] };
type Spec = { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[]; ingress?: Rule[]; egress?: Rule[] };

const objectsOf = (env: string) => generate(resolvedOf(parseStack(STACK, 'slipway.yaml'), env)).objects;
const policies = (objs: K8sObject[]) => new Map(objs.filter((o) => o.kind === 'NetworkPolicy').map((o) => [o.metadata.name, (o as unknown as { spec: Spec }).spec]));
const prod = policies(objectsOf('prod'));
const spec = (name: string, of = prod) => {
  const s = of.get(name);
  assert.ok(s, `no NetworkPolicy ${name}`);
  return s;
};
/** Component names a rule's pod peers select (by the name label). */
const podPeers = (rules: Rule[] = [], key: 'from' | 'to') => rules.flatMap((r) => (r[key] ?? []).flatMap((p) => (p.podSelector && !p.namespaceSelector ? [p.podSelector.matchLabels['app.kubernetes.io/name']] : [])));
const ports = (r: Rule | undefined) => (r?.ports ?? []).map((p) => `${p.port}/${p.protocol}`);
const ruleFrom = (rules: Rule[] = [], name: string, key: 'from' | 'to') => rules.find((r) => (r[key] ?? []).some((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] === name && !p.namespaceSelector));

test('the production profile writes a default-deny for both directions and one policy per pod kind; dev writes none', () => {
  assert.deepEqual(policies(objectsOf('dev')).size, 0);
  assert.deepEqual(spec('slipway-default-deny'), { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  assert.deepEqual([...prod.keys()].sort(), ['api', 'db', 'idle', 'migrate', 'report', 'slipway-default-deny', 'sync', 'tokened', 'web']);
  for (const [name, s] of prod) {
    if (name === 'slipway-default-deny') continue;
    assert.deepEqual(s.podSelector.matchLabels, { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': name });
    assert.deepEqual(s.policyTypes, ['Ingress', 'Egress']);
  }
});

test('a component accepts traffic only from the components that use it, on exactly its own ports', () => {
  assert.deepEqual(podPeers(spec('api').ingress, 'from'), ['web']);
  assert.deepEqual(ports(ruleFrom(spec('api').ingress, 'web', 'from')), ['8080/TCP', '8081/TCP', '5353/UDP']);
  // A cron and a Job use the database; the Job that merely waits on nothing is not a consumer of anything else.
  assert.deepEqual(podPeers(spec('db').ingress, 'from'), ['api', 'migrate', 'report']);
  assert.deepEqual(ports(spec('db').ingress?.[0]), ['5432/TCP']);
  // Nobody uses idle, and waiting for a Job (sync → migrate) is no traffic to it.
  assert.equal(spec('idle').ingress, undefined);
  assert.equal(spec('migrate').ingress, undefined);
});

test('the ingress controller reaches only services with an ingress, on the ingress port, from the configured namespaces', () => {
  const fromControllers = (s: Spec) => (s.ingress ?? []).filter((r) => r.from?.some((p) => p.namespaceSelector));
  assert.deepEqual(fromControllers(spec('web')), [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 3000, protocol: 'TCP' }] }]);
  assert.deepEqual(fromControllers(spec('api')), []);
  const open = policies(objectsOf('prod-open'));
  assert.deepEqual(fromControllers(spec('web', open))[0]?.from, [{ namespaceSelector: { matchLabels: { team: 'edge' } } }]);
});

test('every pod may resolve names through cluster DNS, over UDP and TCP', () => {
  for (const [name, s] of prod) {
    if (name === 'slipway-default-deny') continue;
    const dns = s.egress?.[0];
    assert.deepEqual(dns?.to, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], name);
    assert.deepEqual(ports(dns), ['53/UDP', '53/TCP'], name);
  }
});

test('egress goes to what a component uses, on the used ports, and nowhere else in the stack', () => {
  assert.deepEqual(podPeers(spec('web').egress, 'to'), ['api']);
  assert.deepEqual(ports(ruleFrom(spec('web').egress, 'api', 'to')), ['8080/TCP', '8081/TCP', '5353/UDP']);
  assert.deepEqual(podPeers(spec('api').egress, 'to'), ['db']);
  assert.deepEqual(podPeers(spec('idle').egress, 'to'), []);
});

test('external infra: its CIDR when given, else its ports at any address (every broker port for Kafka)', () => {
  const external = (spec('api').egress ?? []).filter((r) => !r.to?.some((p) => p.podSelector));
  assert.deepEqual(external, [
    { to: [{ ipBlock: { cidr: '10.9.0.0/16' } }], ports: [{ port: 6380, protocol: 'TCP' }] },
    { ports: [{ port: 9092, protocol: 'TCP' }, { port: 9093, protocol: 'TCP' }] },
  ]);
});

test('only pods that call the Kubernetes API may reach it: Job waits and serviceAccountToken services', () => {
  const apiRule = (s: Spec) => (s.egress ?? []).filter((r) => r.to === undefined && ports(r).join() === '443/TCP,6443/TCP');
  assert.equal(apiRule(spec('sync')).length, 1);
  assert.equal(apiRule(spec('tokened')).length, 1);
  assert.equal(apiRule(spec('web')).length, 0);
  assert.equal(apiRule(spec('api')).length, 0);
});

test('allow: adds peers by component name and CIDR', () => {
  assert.deepEqual(ruleFrom(spec('sync').egress, 'idle', 'to'), { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'idle' } } }] });
  assert.deepEqual(spec('sync').ingress, [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ port: 9000, protocol: 'TCP' }] }]);
});

test('egress: false keeps outgoing traffic open: ingress-only policies; policies: true turns them on outside production', () => {
  const open = policies(objectsOf('prod-open'));
  for (const s of open.values()) {
    assert.deepEqual(s.policyTypes, ['Ingress']);
    assert.equal(s.egress, undefined);
  }
  const staging = policies(objectsOf('staging'));
  assert.equal(staging.size, prod.size);
  assert.deepEqual(spec('slipway-default-deny', staging).policyTypes, ['Ingress']);
});

test('cidrProblem accepts IPv4 and IPv6 blocks and explains everything else', () => {
  for (const ok of ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32', '::/0', 'fe80::1/128']) assert.equal(cidrProblem(ok), undefined, ok);
  for (const bad of ['10.0.0.1', '10.0.0.0/33', '256.0.0.0/8', 'db.example.com/32', '10.0.0/8', '2001:db8::/129', '1:2:3:4:5:6:7:8:9/64', '10.0.0.0/']) assert.ok(cidrProblem(bad), bad);
});
