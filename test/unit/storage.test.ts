/** Local storage: sized writable dirs next to plain paths, and ephemeral-storage limits that cover them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import { sumBytes } from '../../src/k8s/quantity.js';
import { parseStack } from '../../src/load/load-stack.js';
import { resolvedOf } from '../stacks.js';

const STACK = `
name: shop
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    writable: [/var/cache/nginx, {path: /var/lib/uploads-tmp, size: 2Gi}]
  lean:
    image: ghcr.io/acme/lean:1.0.0
    resources: {ephemeral: 32Mi, limits: {ephemeral: 100Mi}}
environments:
  dev: {}
  prod: {profile: production}
`;

interface Container {
  resources: { limits: Record<string, string>; requests: Record<string, string> };
}
interface Pod {
  containers: Container[];
  volumes: { name: string; emptyDir?: { sizeLimit: string } }[];
}
const pod = (env: string, name: string) =>
  (generate(resolvedOf(parseStack(STACK, 'slipway.yaml'), env)).objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as { spec: { template: { spec: Pod } } }).spec.template.spec;

test('plain and sized writable paths mix; a plain one keeps the 256Mi default', () => {
  const sizes = Object.fromEntries(pod('dev', 'web').volumes.map((v) => [v.name, v.emptyDir?.sizeLimit]));
  assert.deepEqual(sizes, { tmp: '256Mi', 'var-cache-nginx': '256Mi', 'var-lib-uploads-tmp': '2Gi' });
});

test('the ephemeral-storage limit is the profile allowance plus every writable dir, the request the allowance', () => {
  assert.deepEqual(pod('dev', 'web').containers[0]!.resources.limits['ephemeral-storage'], '3Gi', '512Mi + 256Mi + 256Mi + 2Gi');
  assert.deepEqual(pod('prod', 'web').containers[0]!.resources.limits['ephemeral-storage'], '3584Mi', '1Gi + 256Mi + 256Mi + 2Gi');
  assert.equal(pod('prod', 'web').containers[0]!.resources.requests['ephemeral-storage'], '256Mi');
  const lean = pod('prod', 'lean').containers[0]!.resources;
  assert.deepEqual([lean.requests['ephemeral-storage'], lean.limits['ephemeral-storage']], ['32Mi', '356Mi'], "the user's own values, plus /tmp");
});

test('sumBytes adds mixed units exactly and writes the largest binary unit that divides the total', () => {
  assert.equal(sumBytes(['1Gi', '256Mi']), '1280Mi');
  assert.equal(sumBytes(['1Gi', '1Gi']), '2Gi');
  assert.equal(sumBytes(['1G', '1Ki']), '1000001024');
  assert.equal(sumBytes(['1.5Ki']), '1536');
});
