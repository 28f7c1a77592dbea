/**
 * Issue 8 item 8: nova shows app resilience as per-dependency client settings the apps read, not as Kubernetes
 * fields. Every service-to-service call carries its own timeout, retry and breaker budget, and every database and
 * cache user its own pool and timeouts, in every environment.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { resolvedOf } from '../stacks.js';

const CLIENT_SETTINGS = ['CONNECT_TIMEOUT_MS', 'TIMEOUT_MS', 'RETRY_MAX_ATTEMPTS', 'RETRY_BASE_DELAY_MS', 'BREAKER_FAILURE_RATIO', 'BREAKER_MIN_REQUESTS', 'BREAKER_OPEN_SECONDS', 'POOL_MAX_IDLE'];

for (const environment of ['dev', 'prod']) {
  test(`nova ${environment}: each service call has its own timeout, retry and breaker settings, named after the dependency's URL`, () => {
    const stack = resolvedOf(loadStack('examples/nova/slipway.yaml'), environment);
    let calls = 0;
    for (const s of stack.services) {
      const env = new Map(s.env.map((e) => [e.name, 'value' in e ? e.value : undefined]));
      for (const use of s.uses) {
        const url = use.env.url;
        if (use.targetKind === 'service' && url) {
          const prefix = url.replace(/_URL$/, '');
          for (const k of CLIENT_SETTINGS) assert.ok(env.get(`${prefix}_${k}`), `${s.name} → ${use.target}: ${prefix}_${k}`);
          calls++;
        }
        if (use.targetKind === 'infra' && use.target === 'pg') {
          for (const k of ['DATABASE_POOL_MAX_CONNECTIONS', 'DATABASE_ACQUIRE_TIMEOUT_MS', 'DATABASE_STATEMENT_TIMEOUT_MS']) assert.ok(env.get(k), `${s.name}: ${k}`);
        }
        if (use.targetKind === 'infra' && use.target === 'redis') {
          for (const k of ['REDIS_CONNECT_TIMEOUT_MS', 'REDIS_TIMEOUT_MS']) assert.ok(env.get(k), `${s.name}: ${k}`);
        }
      }
      // A service holds settings only for what it calls: a block for an undeclared dependency would be dead config.
      const prefixes = new Set([...env.keys()].filter((k) => k.endsWith('_BREAKER_OPEN_SECONDS')).map((k) => k.replace(/_BREAKER_OPEN_SECONDS$/, '')));
      const called = new Set(s.uses.map((u) => u.env.url?.replace(/_URL$/, '')).filter(Boolean));
      for (const p of prefixes) assert.ok(called.has(p), `${s.name} has ${p}_* settings but does not use it`);
    }
    assert.ok(calls >= 4, `nova has service-to-service calls (${calls})`);
  });
}

test('nova: the session check gets a tighter budget than the default call', () => {
  const stack = resolvedOf(loadStack('examples/nova/slipway.yaml'), 'prod');
  const envOf = (name: string) => new Map(stack.services.find((s) => s.name === name)!.env.map((e) => [e.name, 'value' in e ? e.value : '']));
  const user = envOf('user-service');
  const search = envOf('search-service');
  assert.ok(Number(user.get('AUTH_SERVICE_TIMEOUT_MS')) < Number(search.get('USER_SERVICE_TIMEOUT_MS')));
});
