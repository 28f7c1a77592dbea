import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../helpers.js';

const base = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
    uses: [db]
infra:
  db: {type: postgresql}
`;

test('a valid stack has no diagnostics', () => {
  assert.deepEqual(diagnose(base), []);
});

test('all problems are reported at once, each located', () => {
  const d = diagnose(`${base}  cache: {type: rediss}\n  q: {type: kafka, replcas: 3}\n`);
  assert.equal(d.length, 1, 'schema problems first (unknown key); rules run once the shape is right');
  const d2 = diagnose(`${base}  cache: {type: rediss}\n  q: {type: kafka}\n    \nenvironments: {}\n`.replace('uses: [db]', 'uses: [db, cach, api]'));
  const codes = d2.map((x) => x.code).sort();
  assert.deepEqual(codes, ['self-dependency', 'unknown-dependency', 'unknown-infra-type']);
  assert.ok(d2.every((x) => x.line && x.col && x.file === 'stack.yaml'));
});

test('a problem only one environment has is reported with its name, at the overlay', () => {
  const text = `${base}environments:
  dev: {}
  prod:
    infra:
      db: {mode: external}
`;
  const d = diagnose(text);
  assert.ok(d.length >= 1);
  for (const x of d) {
    assert.equal(x.environment, 'prod');
    assert.equal(x.line, 13);
  }
  assert.deepEqual(diagnose(text, ['dev']), []);
});

test('an unknown key inside an environment overlay points into the overlay', () => {
  const d = diagnose(`${base}environments:\n  prod:\n    services:\n      api: {replicsa: 3}\n`);
  assert.equal(d.length, 1);
  assert.equal(d[0]!.code, 'unknown-key');
  assert.equal(`${d[0]!.line}:${d[0]!.col}`, '12:13');
  assert.match(d[0]!.hint ?? '', /replicas/);
});

test('checking one environment: a base problem names no environment, an overlay problem names it', () => {
  const text = 'name: s\nservices:\n  api: {image: a:1, ports: {http: 80}, uses: [nope]}\nenvironments:\n  dev: {}\n  prod: {services: {api: {uses: [gone]}}}\n';
  const dev = diagnose(text, ['dev']);
  assert.deepEqual(dev.map((d) => [d.code, d.environment]), [['unknown-dependency', undefined]]);
  const prod = diagnose(text, ['prod']);
  assert.deepEqual(prod.map((d) => [d.code, d.environment, d.line]), [['unknown-dependency', 'prod', 6]]);
});
