/**
 * The ownership contract: every object slipway generates for every example, fixture and environment — and every
 * generated credential — carries the labels that prune, `down` and `down --purge` select by. If a generator and
 * model/ownership.ts drift apart, prune silently leaves objects behind; this test makes that drift fail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { secretObject } from '../../src/emit/secrets.js';
import { loadStack, parseStack, type LoadedStack } from '../../src/load/load-stack.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { generatedSelector, historyLabels, historySelector, ownerSelector, prunableSelector } from '../../src/model/ownership.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';
import { STACKS } from '../stacks.js';

/** A selector string parsed back into its clauses: `k=v`, `k!=v`. */
function matches(selector: string, o: K8sObject): boolean {
  const labels = o.metadata.labels ?? {};
  return selector.split(',').every((clause) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(clause);
    if (ne) return labels[ne[1]!] !== ne[2];
    const eq = /^([^=]+)=(.*)$/.exec(clause);
    assert.ok(eq, `unexpected selector clause ${clause}`);
    return labels[eq[1]!] === eq[2];
  });
}

const KEY = new Uint8Array(32).fill(7);

/** Every example plus a stack with stack-level generated secrets (no example declares `secrets:`). */
const CASES: { name: string; loaded: LoadedStack }[] = [
  ...STACKS.map(({ name, file }) => ({ name, loaded: loadStack(file) })),
  {
    name: 'inline-secrets',
    loaded: parseStack(
      'name: sec\nsecrets: {grafana-admin: {generate: [password]}, token: {existing: true}}\nservices:\n  api: {image: a/api:1, env: {ADMIN: "${secrets.grafana-admin.password}"}, uses: [db]}\ninfra:\n  db: {type: postgresql}\nenvironments: {dev: {}, prod: {profile: production}}\n',
      'inline.yaml',
    ),
  },
];

for (const { name, loaded } of CASES) {
  for (const env of environmentNames(loaded.data as StackSpec)) {
    test(`every generated object of ${name}/${env} matches the owner selector prune and down use`, () => {
      const rendered = renderStack(loaded, { environment: env });
      const owner = { stack: rendered.resolved.name, environment: rendered.resolved.environment };
      const credentials = rendered.omittedSecrets.map((s) => secretObject(owner.stack, s, KEY));
      assert.ok(rendered.objects.length > 3);
      for (const o of [...rendered.objects, ...credentials]) {
        assert.ok(matches(ownerSelector(owner), o), `${o.kind}/${o.metadata.name} lacks the owner labels`);
      }
      // Prune compares the non-credential objects with the desired set; credentials are selected only by purge.
      for (const o of rendered.objects.filter((x) => x.kind !== 'Namespace')) assert.ok(matches(prunableSelector(owner), o), `${o.kind}/${o.metadata.name} is not prunable`);
      for (const c of credentials) {
        assert.ok(matches(generatedSelector(owner), c), `${c.metadata.name} is not selected by down --purge`);
        assert.ok(!matches(prunableSelector(owner), c), `${c.metadata.name} would be pruned`);
      }
      if (name === 'inline-secrets') assert.ok(credentials.some((c) => c.metadata.name === 'grafana-admin'));
      // Another environment of the same stack selects none of them.
      const other = { ...owner, environment: `${owner.environment}x` };
      assert.ok(rendered.objects.every((o) => !matches(ownerSelector(other), o)));
    });
  }
}

test('history and owner selectors never select each other', () => {
  const record: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'r', labels: historyLabels('shop', 'dev') } };
  assert.ok(matches(historySelector('shop', 'dev'), record));
  assert.ok(!matches(prunableSelector({ stack: 'shop', environment: 'dev' }), record));
  // One environment's history never lists another's.
  assert.ok(!matches(historySelector('shop', 'prod'), record));
});
