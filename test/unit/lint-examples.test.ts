/**
 * Every example and fixture stack, in every environment, is lint-clean at error level — linted as a stack and,
 * for production environments, its render linted as plain manifests (what a platform team's CI would run on
 * it). In an example, a production finding below error must be one listed here with the reason it is there;
 * anything else fails, so a regression in a generator or an example needs a fix or a reason. (The test fixture's
 * prod serves one Ingress without TLS: a warning, which is what it is there to show.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import { lintObjects, lintStack } from '../../src/lint/lint.js';
import { loadStack } from '../../src/load/load-stack.js';
import type { StackSpec } from '../../src/model/stack.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import { resolvedOf, STACKS } from '../stacks.js';

const EXPLAINED: Readonly<Record<string, string>> = {
  'probes-identical':
    'a service whose app exposes one health endpoint, so its stack gives readiness and liveness the same one (see ' +
    "the kube-score INTENDED list in test/peers/kube-score.test.ts); the catalog's liveness is a TCP connect",
  'use-without-wait': "a note: the examples' `wait: false` uses each carry the comment saying why the service needs no wait",
  'external-without-tls': "clickvisual's Redis client has no TLS option; the example says the managed Redis is reached privately",
};

for (const { name, file } of STACKS) {
  const loaded = loadStack(file);
  for (const env of environmentNames(loaded.data as StackSpec)) {
    test(`lint ${name} / ${env}: no error; production findings are only the explained ones`, () => {
      const stack = lintStack(loaded, { environment: env });
      const errors = stack.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.line}: ${d.message}`), []);
      const resolved = resolvedOf(loaded, env);
      if (resolved.profile !== 'production') return;
      const manifests = lintObjects(generate(resolved).objects);
      assert.deepEqual(manifests.filter((d) => d.severity === 'error').map((d) => d.message), []);
      if (!file.startsWith('examples/')) return;
      for (const d of [...stack.diagnostics, ...manifests]) assert.ok(d.severity !== 'error' && d.ruleId && EXPLAINED[d.ruleId], `${d.object ?? d.path}: ${d.message} [${d.code}] is neither fixed nor explained`);
    });
  }
}
