/** B5: env values and vars reach the container as written; other numbers stay numbers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import type { K8sObject } from '../../src/k8s/object.js';

const WRITTEN = ['1.10', '0x1F', '012345', '1e3', '+1', '.5', '123456789012345678901', 'True', '0o17', '.inf', '-0'];

const stack = `name: shop
x-common: &common
  SHARED: 1.10
vars:
  version: 2.10
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: {http: 8080}
    replicas: 3
    env:
      <<: *common
${WRITTEN.map((v, i) => `      V${i}: ${v}`).join('\n')}
      FROM_VAR: v\${vars.version}
environments:
  dev: {}
  prod:
    vars: {version: 3.0}
    services:
      api:
        env: {V0: 01.50}
`;

function envOf(objects: K8sObject[]): Record<string, string> {
  const d = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } };
  return Object.fromEntries(d.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value ?? '']));
}

test('env values and vars keep their YAML text, through anchors, merge keys and overlays', () => {
  const loaded = parseStack(stack, 'stack.yaml');
  const dev = renderStack(loaded, { environment: 'dev' });
  const env = envOf(dev.objects);
  WRITTEN.forEach((v, i) => assert.equal(env[`V${i}`], v, `V${i}`));
  assert.equal(env.SHARED, '1.10', 'merged from an anchor');
  assert.equal(env.FROM_VAR, 'v2.10', 'vars interpolate as written');
  const prod = envOf(renderStack(loaded, { environment: 'prod' }).objects);
  assert.equal(prod.V0, '01.50', 'an overlay value as written');
  assert.equal(prod.FROM_VAR, 'v3.0');
});

test('numbers outside env and vars stay numbers', () => {
  const { data } = parseStack(stack, 'stack.yaml');
  const api = (data as { services: { api: { replicas: unknown; ports: { http: unknown } } } }).services.api;
  assert.equal(api.replicas, 3);
  assert.equal(api.ports.http, 8080);
  const dev = renderStack(parseStack(stack, 'stack.yaml'), { environment: 'dev' }).objects;
  const d = dev.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: unknown } };
  assert.equal(d.spec.replicas, 3);
});

test('keeping the text needs no position-keeping document', () => {
  const numeric = parseStack('name: shop\nservices:\n  api:\n    image: x:1\n    env: {A: 1.10}\n', 'stack.yaml');
  assert.equal((numeric.data as { services: { api: { env: { A: unknown } } } }).services.api.env.A, '1.10');
  assert.equal((numeric.source as unknown as { parsed?: unknown }).parsed, undefined);
});

test('a document that is a single number is still not a map', () => {
  assert.throws(() => parseStack('42\n', 'stack.yaml'), /must be a YAML map/);
});
