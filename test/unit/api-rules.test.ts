/** B6: the API-acceptance rules, on the shared boundary stacks and on tables of single values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStack } from '../../src/load/load-stack.js';
import { validateStack } from '../../src/validate/validate.js';
import { scheduleProblem } from '../../src/rules/spec/cron-syntax.js';
import { compareQuantity, parseQuantity } from '../../src/k8s/quantity.js';
import { imageProblem } from '../../src/rules/spec/image-syntax.js';
import { API_RULES } from '../../src/rules/spec/api-acceptance.js';
import { INVALID, VALID } from '../boundary-stacks.js';
import { diagnose, slipway, stackFile } from '../helpers.js';

const validate = (stack: unknown) => validateStack(parseStack(JSON.stringify(stack), 'stack.json'));

for (const c of VALID) {
  test(`accepts: ${c.name}`, () => {
    const v = validate(c.stack);
    assert.ok(v.stack, v.diagnostics.map((d) => `${d.code}: ${d.message.slice(0, 200)}`).join('\n'));
    if (c.warns) assert.ok(v.diagnostics.some((d) => d.code === c.warns && d.severity === 'warning'));
    else assert.deepEqual(v.diagnostics, []);
  });
}

for (const c of INVALID) {
  test(`rejects with ${c.rejectedWith}: ${c.name}`, () => {
    const v = validate(c.stack);
    assert.equal(v.stack, undefined);
    const d = v.diagnostics.find((x) => x.code === c.rejectedWith);
    assert.ok(d, `got ${v.diagnostics.map((x) => x.code).join(', ')}`);
    assert.ok(d.line && d.col && d.hint && d.path, 'located, with a hint and a path');
  });
}

test('every API rule has an id, a description, a remediation, and a boundary case that trips it', () => {
  const tripped = new Set(INVALID.map((c) => c.rejectedWith).concat(VALID.flatMap((c) => (c.warns ? [c.warns] : []))));
  for (const r of API_RULES) {
    assert.match(r.meta.id, /^[a-z]+(-[a-z0-9]+)+$/);
    assert.ok(r.meta.description && r.meta.remediation);
    assert.ok(tripped.has(r.meta.id), `no boundary case for ${r.meta.id}`);
  }
});

test('cron schedules: what the CronJob parser accepts', () => {
  for (const ok of ['* * * * *', '*/5 * * * *', '0 0 1 1 0', '59 23 31 12 6', '0 3 * * MON-fri', '0 0 * FEB *', '1,2,3-5/2 * * * *', '*-5 * * * *', '+5 * * * *', '05 * * * *', '@every 90s', '@every 1.5h', '0 3 * * *  ', '0\t3 * * *']) {
    assert.equal(scheduleProblem(ok), undefined, ok);
  }
  for (const bad of ['', '* * * *', '* * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 13 *', '* * * * 7', '-1 * * * *', '1-2-3 * * * *', '*/2/2 * * * *', 'a * * * *', '@every', '@every 5', '@Daily', ' @daily', 'TZ=UTC * * * * *', '0 3 * * * TZ']) {
    assert.ok(scheduleProblem(bad), JSON.stringify(bad));
  }
});

test('quantities compare by value, across units', () => {
  const cmp = (a: string | number, b: string | number) => compareQuantity(parseQuantity(a)!, parseQuantity(b)!);
  assert.equal(cmp('500m', '1'), -1);
  assert.equal(cmp('500m', 0.5), 0);
  assert.equal(cmp('512Mi', '1Gi'), -1);
  assert.equal(cmp('1Gi', '1024Mi'), 0);
  assert.equal(cmp('1G', '1Gi'), -1);
  assert.equal(cmp('1025Mi', '1Gi'), 1);
  assert.equal(cmp('1.5', '1500m'), 0);
  assert.equal(cmp('2', '1999m'), 1);
});

test('image references: pull-time problems named', () => {
  for (const ok of ['nginx', 'nginx:1.27', 'ghcr.io/acme/api:1.4.2', 'localhost:5000/a/b', 'Registry.Example.com/a:b', `a@sha256:${'f'.repeat(64)}`, 'a_b__c-d:v1']) assert.equal(imageProblem(ok), undefined, ok);
  assert.match(imageProblem('a:')!, /empty tag/);
  assert.match(imageProblem('ghcr.io/Acme/api')!, /upper-case/);
  assert.match(imageProblem('api:${TAG}')!, /no image name may hold/);
  assert.match(imageProblem('my image')!, /whitespace/);
});

test('request above limit counts the profile on either side, and points at the user\'s value', () => {
  const base = 'name: shop\nprofile: minimal\nservices:\n  api:\n    image: x:1\n    resources:\n';
  const up = diagnose(`${base}      memory: 300Mi\n`);
  assert.equal(up.length, 1);
  assert.deepEqual([up[0]!.code, up[0]!.line, up[0]!.col], ['request-above-limit', 7, 15]);
  assert.match(up[0]!.message, /memory request 300Mi of "api" is above its limit 256Mi \(the minimal profile's default\)/);
  const down = diagnose(`${base}      limits: {cpu: 40m}\n`);
  assert.deepEqual([down[0]!.code, down[0]!.line], ['request-above-limit', 7]);
  assert.match(down[0]!.message, /cpu request 50m \(the minimal profile's default\) of "api" is above its limit 40m/);
  assert.deepEqual(diagnose(`${base}      cpu: 500m\n`), []);
});

test('a problem only one environment has names it (ingress host from an overlay var)', () => {
  const d = diagnose('name: shop\nvars: {domain: shop.example.com}\nservices:\n  web:\n    image: x:1\n    ports: {http: 80}\n    ingress: {host: "${vars.domain}"}\nenvironments:\n  dev: {}\n  prod:\n    vars: {domain: "Shop.Example.com"}\n');
  assert.equal(d.length, 1);
  assert.equal(d[0]!.code, 'invalid-ingress-host');
  assert.equal(d[0]!.environment, 'prod');
});

test('slipway validate prints warnings and still succeeds', () => {
  const r = slipway(['validate', stackFile('name: shop\nservices:\n  api:\n    image: ghcr.io/Acme/api:1\n')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid/);
  assert.match(r.stderr, /:4:12: warning: image "ghcr\.io\/Acme\/api:1" has upper-case letters .* \[image-reference\]/);
  assert.match(r.stderr, /1 warning$/m);
});
