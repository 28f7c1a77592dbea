import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseStack } from '../../src/load/load-stack.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import type { EnvVar, ResolvedStack } from '../../src/model/resolved.js';
import type { StackSpec } from '../../src/model/stack.js';
import { diagnose } from '../helpers.js';

const fixture = parse(readFileSync('test/fixtures/basic.yaml', 'utf8')) as StackSpec;

function resolved(spec: StackSpec, env: string): ResolvedStack {
  const r = resolveStack(spec, env);
  assert.deepEqual(r.issues, []);
  return r.stack!;
}

const envOf = (s: ResolvedStack, svc: string) => s.services.find((x) => x.name === svc)!.env;
const get = (env: EnvVar[], name: string) => env.find((e) => e.name === name);

test('uses wire connection env: password via secretKeyRef first, URL expands it with $(VAR)', () => {
  const s = resolved(fixture, 'dev');
  const env = envOf(s, 'api');
  const names = env.map((e) => e.name);
  assert.ok(names.indexOf('DATABASE_PASSWORD') < names.indexOf('DATABASE_URL'));
  assert.deepEqual(get(env, 'DATABASE_PASSWORD'), { name: 'DATABASE_PASSWORD', secret: { name: 'db-credentials', key: 'password' } });
  assert.equal((get(env, 'DATABASE_URL') as { value: string }).value, 'postgresql://shop:$(DATABASE_PASSWORD)@db.shop-dev.svc:5432/shop');
  assert.equal((get(env, 'REDIS_HOST') as { value: string }).value, 'cache.shop-dev.svc');
  assert.equal((get(envOf(s, 'worker'), 'API_BASE_URL') as { value: string }).value, 'http://api.shop-dev.svc:8080');
});

test('external infra in prod: same contract, the user-named Secret, no internal objects needed', () => {
  const s = resolved(fixture, 'prod');
  const env = envOf(s, 'api');
  assert.deepEqual(get(env, 'DATABASE_PASSWORD'), { name: 'DATABASE_PASSWORD', secret: { name: 'shop-db', key: 'password' } });
  assert.match((get(env, 'DATABASE_URL') as { value: string }).value, /^postgresql:\/\/shop:\$\(DATABASE_PASSWORD\)@shop\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com:5432\/shop/);
  assert.equal(s.namespace, 'shop');
  assert.equal(s.profile, 'production');
  assert.equal(s.services.find((x) => x.name === 'api')!.replicas, 2);
});

test('tenants stamp services with ${tenant}; own databases reach the infra', () => {
  const s = resolved(fixture, 'dev');
  const acme = s.services.find((x) => x.name === 'detect-acme')!;
  assert.equal(acme.ingress?.host, 'acme.detect.shop.example.com');
  assert.equal(acme.tenant, 'acme');
  assert.deepEqual(s.infra.find((i) => i.name === 'db')!.databases, ['detect']);
  assert.deepEqual(get(acme.env, 'DATABASE_PASSWORD'), { name: 'DATABASE_PASSWORD', secret: { name: 'db-detect-credentials', key: 'password' } });
});

test('apply order puts dependencies first, the migration job before the api', () => {
  const s = resolved(fixture, 'dev');
  const at = (n: string) => s.order.indexOf(n);
  assert.ok(at('db') < at('migrate') && at('migrate') < at('api') && at('api') < at('worker'));
});

test('wait: false breaks ordering, so two services may know each other', () => {
  const text = `name: obs
services:
  grafana: {image: grafana/grafana:11.3.0, ports: {http: 3000}, uses: [{prom: {wait: false}}]}
  prom: {image: prom/prometheus:v3.0.0, ports: {http: 9090}, uses: [grafana]}
`;
  assert.deepEqual(diagnose(text), []);
  assert.equal(diagnose(text.replace('{prom: {wait: false}}', 'prom'))[0]!.message, 'dependency cycle: [grafana] -> [prom] -> [grafana]');
});

test('secrets: generated and existing ones resolve to secretKeyRef; merge keys and x- anchors load', () => {
  const text = `name: obs
x-base: &base {image: grafana/grafana:11.3.0, user: 472}
secrets:
  admin: {generate: [password]}
  token: {existing: true}
services:
  grafana:
    <<: *base
    env: {A: "\${secrets.admin.password}", B: "Bearer \${secrets.token.value}"}
`;
  const loaded = parseStack(text, 'x.yaml');
  const s = resolved(loaded.data as StackSpec, 'default');
  assert.deepEqual(s.secrets, [{ name: 'admin', keys: ['password'] }]);
  const env = envOf(s, 'grafana');
  assert.deepEqual(get(env, 'A'), { name: 'A', secret: { name: 'admin', key: 'password' } });
  assert.equal((get(env, 'B') as { value: string }).value, 'Bearer $(SLIPWAY_TOKEN_VALUE)');
  assert.equal(s.services[0]!.user, 472);
  assert.match(diagnose(text.replace('secrets.admin.password', 'secrets.admin.pasword'))[0]!.hint ?? '', /secrets\.admin\.password/);
});
