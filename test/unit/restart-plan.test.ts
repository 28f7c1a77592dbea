/** The order `slipway restart` follows: the asked component, then its followers in dependency order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { parseStack } from '../../src/load/load-stack.js';
import { formatRestartPlan, refuseProtected, restartPlan } from '../../src/lifecycle/restart-plan.js';
import { diagnose } from '../helpers.js';

const STACK = `name: pay
tenants: [a, b]
services:
  fp:
    image: ghcr.io/acme/fp:1.0.0
    ports: {http: 8080}
    uses: [yb, migrate]
  fp-async: {kind: worker, image: ghcr.io/acme/fp:1.0.0, uses: [yb, fp]}
  report: {kind: cron, schedule: "0 * * * *", image: ghcr.io/acme/r:1.0.0, uses: [ch]}
  migrate: {kind: job, image: ghcr.io/acme/m:1.0.0, uses: [yb]}
  portal:
    image: ghcr.io/acme/portal:1.0.0
    ports: {http: 8080}
    perTenant: true
    uses: [fp]
    restartWith: [edge]
  edge:
    image: ghcr.io/acme/edge:1.0.0
    ports: {http: 8080}
    perTenant: true
infra:
  yb: {type: postgresql, restartWith: [fp-async, fp]}
  ch: {type: clickhouse, protect: true}
`;

const stack = () => renderStack(parseStack(STACK, 'stack.yaml')).resolved;
const order = (name: string, opts = {}) => restartPlan(stack(), name, opts).steps.map((s) => `${s.component}:${s.reason}${s.skip ? ':skip' : ''}`);

test('restartWith followers come after the asked component, in dependency order (fp before fp-async, which uses it)', () => {
  assert.deepEqual(order('yb'), ['yb:asked', 'fp:restartWith of yb', 'fp-async:restartWith of yb']);
});

test('--with-dependents follows every user transitively, each follower right after what brought it in; a Job is listed but skipped', () => {
  assert.deepEqual(order('yb', { withDependents: true }), [
    'yb:asked',
    'migrate:uses yb:skip',
    'fp:restartWith of yb',
    'fp-async:restartWith of yb',
    'portal-a:uses fp',
    'edge-a:restartWith of portal-a',
    'portal-b:uses fp',
    'edge-b:restartWith of portal-b',
  ]);
});

test('a stamped follower means the copy of the same tenant; --tenant picks one copy', () => {
  assert.deepEqual(order('portal', { tenant: 'b' }), ['portal-b:asked', 'edge-b:restartWith of portal-b']);
  assert.deepEqual(order('portal'), ['portal-a:asked', 'portal-b:asked', 'edge-a:restartWith of portal-a', 'edge-b:restartWith of portal-b']);
});

test('a protected component is marked and refused without --force', () => {
  const plan = restartPlan(stack(), 'ch', { withDependents: true });
  assert.deepEqual(plan.steps.map((s) => [s.component, s.protect ?? false, s.skip !== undefined]), [['ch', true, false], ['report', false, true]]);
  const refused = refuseProtected(plan);
  assert.ok(refused instanceof SlipwayError);
  assert.equal(refused.exitCode, 2);
  assert.equal(refused.diagnostics[0]!.code, 'restart-protected');
  assert.match(refused.message, /ch is marked protect: true/);
  assert.equal(refuseProtected(restartPlan(stack(), 'yb')), undefined);
  assert.equal(
    formatRestartPlan(plan),
    'restart plan for pay/default in namespace pay:\n   1. ch (infra, asked) [protected: needs --force]\n   -  report (cron, uses ch): skipped, a CronJob starts fresh pods on its schedule\n',
  );
});

test('a Job cannot be restarted (run it instead); an unknown name or tenant is a usage error with a suggestion', () => {
  assert.throws(() => restartPlan(stack(), 'migrate'), (e: SlipwayError) => e.exitCode === 2 && /migrate has no pods to restart/.test(e.message) && e.diagnostics[0]!.hint === 'slipway run migrate');
  assert.throws(() => restartPlan(stack(), 'fpp'), (e: SlipwayError) => /no service or infra "fpp"/.test(e.message) && /did you mean "fp"/.test(e.diagnostics[0]!.hint ?? ''));
  assert.throws(() => restartPlan(stack(), 'portal', { tenant: 'c' }), (e: SlipwayError) => /no copy for tenant "c"/.test(e.message));
});

test('restartWith naming nothing, or itself, is a located diagnostic', () => {
  const d = diagnose('name: s\nservices:\n  api: {image: a:1, restartWith: [apii]}\n  apii2: {image: a:1}\n  w: {image: a:1, kind: worker, restartWith: [w]}\n');
  assert.deepEqual(
    d.map((x) => [x.code, x.line]),
    [
      ['restart-with-unknown', 3],
      ['restart-with-self', 5],
    ],
  );
  assert.match(d[0]!.hint ?? '', /did you mean "apii2"/);
});
