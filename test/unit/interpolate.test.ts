import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplate } from '../../src/model/template.js';

test('references and text are split; $${ escapes', () => {
  assert.deepEqual(parseTemplate('https://${vars.domain}/x'), [{ text: 'https://' }, { ref: 'vars.domain' }, { text: '/x' }]);
  assert.deepEqual(parseTemplate('cost: $${price}'), [{ text: 'cost: ${price}' }]);
  assert.deepEqual(parseTemplate('${ tenant }'), [{ ref: 'tenant' }]);
  // An unclosed reference is kept apart, so every place that interpolates can report it.
  assert.deepEqual(parseTemplate('open ${x'), [{ text: 'open ' }, { unclosed: '${x' }]);
});
