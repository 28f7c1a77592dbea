/**
 * `slipway restart` against the real control plane: rolling restarts through the controllers, followers in
 * order and each waited for, protect, --plan without a cluster, the lock, and a later `up` that neither undoes
 * the restart nor rolls the pods again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';
import { microTime } from '../../src/lifecycle/lease.js';

const STACK = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
    uses: [db, cache]
  web:
    image: ghcr.io/acme/web:1.0.0
    ports: {http: 8080}
    uses: [api]
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0, uses: [db]}
infra:
  db: {type: postgresql, restartWith: [api]}
  cache: {type: redis, protect: true}
`;

const annotation = (ns: string, kind: string, name: string) => kubectlOk(['get', kind, name, '-n', ns, '-o', `jsonpath={.spec.template.metadata.annotations.slipway\\.dev/restarted-at}`]);
const generation = (ns: string, kind: string, name: string) => Number(kubectlOk(['get', kind, name, '-n', ns, '-o', 'jsonpath={.metadata.generation}']));
const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => re.test(l)).map((l) => l.trim());

describe('restart', () => {
  test('--plan prints the order without a cluster (a kube context that does not exist is never used)', () => {
    const file = stackFile(STACK);
    const r = slipway(['restart', 'db', '-f', file, '--with-dependents', '--plan', '--context', 'no-such-context']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      'restart plan for shop/default in namespace shop:\n   1. db (infra, asked)\n   2. api (service, restartWith of db)\n   -  migrate (job, uses db): skipped, a Job runs to completion; `slipway run migrate` runs it again\n   3. web (service, uses api)\n',
    );
    const json = JSON.parse(slipway(['restart', 'cache', '-f', file, '--plan', '-o', 'json']).stdout) as { steps: { component: string; protect?: boolean }[] };
    assert.deepEqual(json.steps, [{ component: 'cache', kind: 'infra', reason: 'asked', protect: true }]);
  });

  test('restart db: db rolls and is ready before api (its restartWith) rolls; up afterwards changes nothing and keeps the annotation', () => {
    const ns = namespaceName('d2-restart');
    const file = stackFile(STACK);
    const up = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(up.status, 0, up.stdout + up.stderr);
    const before = { db: generation(ns, 'statefulset', 'db'), api: generation(ns, 'deployment', 'api'), web: generation(ns, 'deployment', 'web') };

    const r = slipway(['restart', 'db', '-f', file, '-n', ns]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(lines(r.stdout, /^\s*(restarting|ready)/), ['restarting StatefulSet/db', lines(r.stdout, /ready db/)[0], 'restarting Deployment/api', lines(r.stdout, /ready api/)[0]]);
    assert.match(r.stdout, /restarted db \([\d.]+s\), api \([\d.]+s\)\n$/);
    assert.equal(generation(ns, 'statefulset', 'db'), before.db + 1);
    assert.equal(generation(ns, 'deployment', 'api'), before.api + 1);
    assert.equal(generation(ns, 'deployment', 'web'), before.web, 'web is not a follower without --with-dependents');
    const stamp = annotation(ns, 'deployment', 'api');
    assert.match(stamp, /^\d{4}-\d\d-\d\dT/);
    // The controller really replaced the pods: a second ReplicaSet, the old one scaled to 0.
    const replicaSets = kubectlOk(['get', 'replicaset', '-n', ns, '-l', 'app.kubernetes.io/name=api', '-o', 'jsonpath={range .items[*]}{.spec.replicas}{" "}{end}']).trim().split(' ').sort();
    assert.deepEqual(replicaSets, ['0', '1']);

    const again = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /up to date \(no changes\)/);
    assert.doesNotMatch(again.stdout, /configured/, 'the restart manager is not drift: nothing is sent again');
    assert.equal(annotation(ns, 'deployment', 'api'), stamp, 'up does not remove the restart annotation');
    assert.equal(generation(ns, 'deployment', 'api'), before.api + 1, 'up does not roll the pods again');
    const managers = kubectlOk(['get', 'deployment', 'api', '-n', ns, '--show-managed-fields', '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}{" "}{end}']);
    assert.match(managers, /slipway-restart/);

    // --with-dependents: web follows api.
    const deps = slipway(['restart', 'api', '-f', file, '-n', ns, '--with-dependents', '-o', 'json']);
    assert.equal(deps.status, 0, deps.stdout + deps.stderr);
    const result = JSON.parse(deps.stdout.trim().split('\n').at(-1)!) as { type: string; restarted: { component: string }[] };
    assert.equal(result.type, 'result');
    assert.deepEqual(result.restarted.map((s) => s.component), ['api', 'web']);
    assert.equal(generation(ns, 'deployment', 'web'), before.web + 1);
    dropNamespace(ns);
  });

  test('protect: refused with exit 2 and nothing touched unless --force; the lock of a running up refuses a restart', () => {
    const ns = namespaceName('d2-protect');
    const file = stackFile(STACK);
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const before = generation(ns, 'statefulset', 'cache');
    const refused = slipway(['restart', 'cache', '-f', file, '-n', ns]);
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /cache is marked protect: true; not restarting anything/);
    assert.match(refused.stderr, /--force/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(generation(ns, 'statefulset', 'cache'), before);

    kubectlOk(['create', '-n', ns, '-f', '-'], `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: slipway-lock.shop.default}\nspec: {holderIdentity: "ci@runner-7 pid 42", acquireTime: "${microTime(new Date())}", renewTime: "${microTime(new Date())}", leaseDurationSeconds: 60}\n`);
    const locked = slipway(['restart', 'cache', '-f', file, '-n', ns, '--force']);
    assert.equal(locked.status, 2, locked.stdout + locked.stderr);
    assert.match(locked.stderr, /shop\/default is locked by ci@runner-7 pid 42/);
    assert.equal(generation(ns, 'statefulset', 'cache'), before);
    kubectlOk(['delete', 'lease', 'slipway-lock.shop.default', '-n', ns]);

    const forced = slipway(['restart', 'cache', '-f', file, '-n', ns, '--force']);
    assert.equal(forced.status, 0, forced.stdout + forced.stderr);
    assert.equal(generation(ns, 'statefulset', 'cache'), before + 1);
    assert.notEqual(kubectl(['get', 'lease', 'slipway-lock.shop.default', '-n', ns]).status, 0, 'the lock is released');
    dropNamespace(ns);
  });

  test('a component that is not deployed: exit 2 before anything is restarted', () => {
    const ns = namespaceName('d2-absent');
    kubectlOk(['create', 'namespace', ns]);
    const r = slipway(['restart', 'db', '-f', stackFile(STACK), '-n', ns]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /not in namespace .*: StatefulSet\/db, Deployment\/api/);
    assert.match(r.stderr, /slipway up/);
    dropNamespace(ns);
  });
});
