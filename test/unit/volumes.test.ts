/** Service volumes: claims per instance or per stack, mounts, and a Deployment that can roll a single-attach disk. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from '../../src/generate/generate.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseStack } from '../../src/load/load-stack.js';
import { ownerLabels } from '../../src/model/ownership.js';
import { selects } from '../../src/k8s/object.js';
import { PRUNABLE_KINDS } from '../../src/k8s/kinds/index.js';
import { resolvedOf } from '../stacks.js';

const STACK = `
name: shop
tenants: [acme, globex]
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    replicas: 3
    volumes: {uploads: {path: /srv/uploads, size: 20Gi, shared: true}}
  worker:
    kind: worker
    image: ghcr.io/acme/worker:1.0.0
    replicas: 2
    volumes: {uploads: {path: /data/uploads, size: 20Gi, shared: true}}
  search:
    image: ghcr.io/acme/search:1.0.0
    perTenant: true
    replicas: 1
    volumes: {index: {path: /var/lib/search, size: 5Gi}}
`;

type Obj = K8sObject & { spec: Record<string, any> };
const objects = generate(resolvedOf(parseStack(STACK, 'slipway.yaml'))).objects as Obj[];
const deployment = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;

test('a shared volume is one claim; an unshared one is a claim per service instance', () => {
  const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
  assert.deepEqual(
    claims.map((c) => [c.metadata.name, c.spec.accessModes[0]]).sort(),
    [
      ['search-acme-index', 'ReadWriteOnce'],
      ['search-globex-index', 'ReadWriteOnce'],
      ['uploads', 'ReadWriteMany'],
    ],
  );
});

test('each pod mounts its claim at its own path', () => {
  const mount = (name: string) => {
    const pod = deployment(name).spec.template.spec;
    const volume = pod.volumes.find((v: any) => v.persistentVolumeClaim);
    const m = pod.containers[0].volumeMounts.find((x: any) => x.name === volume.name);
    return [volume.persistentVolumeClaim.claimName, m.mountPath];
  };
  assert.deepEqual(mount('web'), ['uploads', '/srv/uploads']);
  assert.deepEqual(mount('worker'), ['uploads', '/data/uploads']);
  assert.deepEqual(mount('search-acme'), ['search-acme-index', '/var/lib/search']);
});

test('a single-attach claim makes the Deployment Recreate; a shared one keeps the rolling update', () => {
  assert.deepEqual(deployment('search-acme').spec.strategy, { type: 'Recreate' });
  assert.equal(deployment('web').spec.strategy.type, 'RollingUpdate');
});

test('claims carry the owner labels (down and --purge find them) but are never pruned', () => {
  for (const c of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) assert.ok(selects(ownerLabels({ stack: 'shop', environment: 'default' }), c), c.metadata.name);
  assert.ok(!PRUNABLE_KINDS.some(([, kind]) => kind === 'PersistentVolumeClaim'));
});
