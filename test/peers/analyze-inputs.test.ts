/** `analyze` reads a Helm chart through the real `helm template` and a Kustomize folder through `kubectl kustomize`. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { slipway, tempDir } from '../helpers.js';

test('a Helm chart and a Kustomize folder of the same objects give the same map as the plain file', () => {
  const rendered = slipway(['render', 'test/fixtures/basic.yaml', '-e', 'prod']);
  assert.equal(rendered.status, 0, rendered.stderr);
  const dir = tempDir();
  writeFileSync(join(dir, 'all.yaml'), rendered.stdout);
  const chart = join(dir, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'templates', 'all.yaml'), rendered.stdout);
  const kustomize = join(dir, 'kustomize');
  mkdirSync(kustomize);
  writeFileSync(join(kustomize, 'all.yaml'), rendered.stdout);
  writeFileSync(join(kustomize, 'kustomization.yaml'), 'resources: [all.yaml]\n');

  const plain = slipway(['analyze', join(dir, 'all.yaml')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^api \(service\) -> cache \[redis\]/m);
  for (const input of [chart, kustomize]) {
    const r = slipway(['analyze', input]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, plain.stdout, input);
  }
});
