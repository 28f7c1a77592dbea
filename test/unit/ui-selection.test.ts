/** The page's starting point is decided once, from the flags `slipway ui` got; requests fill in from it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startingPoint, targetOf } from '../../src/ui/selection.js';
import { stackFile } from '../helpers.js';

const STACK = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: { http: 8080 }
environments:
  dev: {}
  prod:
    clusters:
      eu: { context: prod-eu }
      us: { context: prod-us }
`;

test('ui --context without -e: the first environment is watched through that context', () => {
  const { opts, info } = startingPoint({ file: stackFile(STACK), context: 'kind-other' });
  assert.equal(info.environment, 'dev');
  const t = targetOf(opts, null, null).target;
  assert.equal(t.environment, 'dev');
  assert.equal(t.context, 'kind-other');
  assert.equal(targetOf(opts, 'dev', null).target.context, 'kind-other', 'the page asking for the same environment keeps it');
  assert.equal(targetOf(opts, 'prod', null).target.context, undefined, 'another environment uses its own contexts');
});

test('ui --cluster without -e: the environment of that cluster, and that cluster, are shown first', () => {
  const { opts, info } = startingPoint({ file: stackFile(STACK), cluster: 'us' });
  assert.equal(info.environment, 'prod');
  assert.equal(info.cluster, 'us');
  assert.deepEqual(targetOf(opts, null, null).target.cluster, 'us');
  assert.equal(targetOf(opts, 'prod', 'eu').target.cluster, 'eu', 'the page may pick another');
});

test('without flags: the first environment; another environment gets its first cluster from the server', () => {
  const { opts, info } = startingPoint({ file: stackFile(STACK) });
  assert.equal(info.environment, 'dev');
  assert.equal(info.cluster, undefined);
  assert.equal(targetOf(opts, 'prod', null).target.cluster, 'eu');
});

test('a cluster the environment does not have fails at start', () => {
  assert.throws(() => startingPoint({ file: stackFile(STACK), environment: 'prod', cluster: 'ap' }), /no cluster "ap"/);
});
