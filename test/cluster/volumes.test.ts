/**
 * Service volumes against the real control plane (the test cluster's provisioner binds every claim of its
 * default class): web and worker mount one shared ReadWriteMany claim, a single-pod service its own; `down`
 * keeps the claims like infra data while removing everything else, and only `down --purge` deletes them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, eventually, kubectl, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: shop
services:
  web:
    image: ghcr.io/acme/web:1.0.0
    ports: {http: 8080}
    replicas: 2
    volumes: {uploads: {path: /srv/uploads, size: 2Gi, shared: true}}
  worker:
    kind: worker
    image: ghcr.io/acme/worker:1.0.0
    volumes: {uploads: {path: /data/uploads, size: 2Gi, shared: true}}
  search:
    image: ghcr.io/acme/search:1.0.0
    ports: {http: 9200}
    replicas: 1
    volumes: {index: {path: /var/lib/search, size: 1Gi}}
`;

const claim = (ns: string, name: string) => kubectl(['get', 'pvc', name, '-n', ns, '-o', 'jsonpath={.status.phase} {.spec.accessModes[0]}']);
const claimsOfPods = (ns: string, app: string) =>
  kubectlOk(['get', 'pods', '-n', ns, '-l', `app.kubernetes.io/name=${app}`, '-o', 'jsonpath={range .items[*]}{.spec.volumes[?(@.persistentVolumeClaim)].persistentVolumeClaim.claimName}{"\\n"}{end}'])
    .split('\n')
    .filter(Boolean);


test('shared and own claims are bound and mounted; down keeps them, down --purge deletes them', async () => {
  const ns = namespaceName('vol');
  const file = stackFile(STACK);
  const up = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(up.status, 0, up.stderr + up.stdout);

  await eventually('the claims were never bound', () => claim(ns, 'uploads').stdout === 'Bound ReadWriteMany' && claim(ns, 'search-index').stdout === 'Bound ReadWriteOnce');
  assert.deepEqual(claimsOfPods(ns, 'web'), ['uploads', 'uploads'], 'both web pods mount the shared claim');
  assert.deepEqual(claimsOfPods(ns, 'worker'), ['uploads'], 'the worker mounts the same claim');
  assert.deepEqual(claimsOfPods(ns, 'search'), ['search-index']);
  const again = slipway(['up', '-f', file, '-n', ns]);
  assert.equal(again.status, 0, 'a bound claim applies again unchanged: ' + again.stderr + again.stdout);

  const down = slipway(['down', '-f', file, '-n', ns]);
  assert.equal(down.status, 0, down.stderr);
  assert.match(down.stdout, /kept PersistentVolumeClaim\/.*\/uploads/);
  assert.match(down.stdout, /kept PersistentVolumeClaim\/.*\/search-index/);
  assert.equal(kubectlOk(['get', 'deployment,service', '-n', ns, '-o', 'name']).trim(), '', 'everything else is gone');
  assert.equal(claim(ns, 'uploads').status, 0);
  assert.equal(claim(ns, 'search-index').status, 0);

  const purge = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
  assert.equal(purge.status, 0, purge.stderr);
  await eventually('--purge left a claim', () => claim(ns, 'uploads').status !== 0 && claim(ns, 'search-index').status !== 0);
  dropNamespace(ns);
});
