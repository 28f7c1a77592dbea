/** Quorum entries (Kafka): a budget of one pod at a time and spread from 3 replicas on, in every profile. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { validateStack } from '../../src/validate/validate.js';
import { parseStack } from '../../src/load/load-stack.js';

type Obj = Record<string, any>;
const stack = (infra: string, profile = 'default') => `name: shop\nprofile: ${profile}\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [events]\ninfra:\n  events:\n    type: kafka\n${infra}`;
const objects = (text: string) => renderStack(parseStack(text, 'stack.yaml')).objects as Obj[];
const pdb = (o: Obj[]) => o.find((x) => x.kind === 'PodDisruptionBudget' && x.metadata.name === 'events');
const antiAffinity = (o: Obj[]) => o.find((x) => x.kind === 'StatefulSet')!.spec.template.spec.affinity?.podAntiAffinity;

it('kafka ×3 gets maxUnavailable 1 and node/zone anti-affinity outside production too', () => {
  for (const profile of ['minimal', 'default']) {
    const o = objects(stack('    replicas: 3\n', profile));
    assert.deepEqual(pdb(o)?.spec.maxUnavailable, 1, profile);
    const terms = antiAffinity(o).preferredDuringSchedulingIgnoredDuringExecution.map((t: Obj) => t.podAffinityTerm.topologyKey);
    assert.deepEqual(terms, ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  }
  const single = objects(stack('    replicas: 1\n'));
  assert.equal(pdb(single), undefined);
  assert.equal(antiAffinity(single), undefined);
});

it('the stack can turn budget and spread off, but not allow two brokers down at once', () => {
  const off = objects(stack('    replicas: 3\n    disruption: false\n    spread: false\n'));
  assert.equal(pdb(off), undefined);
  assert.equal(antiAffinity(off), undefined);
  for (const budget of ['{maxUnavailable: 2}', '{maxUnavailable: "50%"}', '{minAvailable: 1}']) {
    const d = validateStack(parseStack(stack(`    replicas: 3\n    disruption: ${budget}\n`), 'stack.yaml')).diagnostics;
    assert.ok(d.some((x) => x.code === 'quorum-budget'), budget);
  }
  const five = validateStack(parseStack(stack('    replicas: 5\n    disruption: {minAvailable: 4}\n'), 'stack.yaml')).diagnostics;
  assert.deepEqual(five.filter((x) => x.severity === 'error'), []);
});
