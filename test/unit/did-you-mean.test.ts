import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, suggest } from '../../src/diagnostics/did-you-mean.js';

test('close typos get a suggestion, unrelated words do not', () => {
  assert.equal(didYouMean('replcas', ['replicas', 'resources']), 'replicas');
  assert.equal(didYouMean('zzzzzz', ['replicas', 'resources']), undefined);
  assert.equal(suggest('imgae', ['image', 'ports']), 'did you mean "image"?');
  assert.match(suggest('qqq', ['image', 'ports'], 'allowed keys'), /^allowed keys: image, ports$/);
});
