/**
 * Against the real control plane: execution by unblocking, namespaces slipway does not own, and revision
 * records planted, edited or corrupted by someone who can write Secrets. Each test in its own namespace.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { slipway, stackFile } from '../helpers.js';
import { createNamespace, dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';
import { encodeRevision } from '../../src/lifecycle/revision-codec.js';
import { historyLabels, ownerLabels } from '../../src/model/ownership.js';

const SHOP = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: {http: 8080}
    uses: [db]
infra:
  db: {type: postgresql}
`;

interface Event {
  type: string;
  component?: string;
}
const events = (stdout: string): Event[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{"type"'))
    .map((l) => JSON.parse(l) as Event);

describe('lifecycle safety', { concurrency: true }, () => {
  test('a component that never becomes ready does not hold back an independent one a level deeper', () => {
    const ns = namespaceName('ls-unblock');
    // stuck (level 0) cannot schedule; user (level 1) waits only for base (level 0).
    const file = stackFile(`name: unblock
services:
  stuck:
    image: ghcr.io/acme/stuck:1.0.0
    ports: {http: 8080}
    timeout: 25
    placement: {nodeSelector: {pool: none}}
  base: {image: ghcr.io/acme/base:1.0.0, ports: {http: 8080}}
  user: {kind: worker, image: ghcr.io/acme/user:1.0.0, uses: [base]}
`);
    const r = slipway(['up', '-f', file, '-n', ns, '-o', 'json']);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    const seen = events(r.stdout);
    const at = (type: string, component: string) => seen.findIndex((e) => e.type === type && e.component === component);
    assert.ok(at('ready', 'user') >= 0, `user became ready while stuck was still waiting:\n${r.stdout}`);
    assert.ok(at('ready', 'user') < at('failed', 'stuck'), 'user was ready before stuck gave up');
    assert.equal(kubectl(['get', 'deployment', 'user', '-n', ns]).status, 0);
    dropNamespace(ns);
  });

  test("up into an existing namespace does not adopt it; down --purge leaves it and its other objects alone", () => {
    const ns = createNamespace('ls-shared');
    kubectlOk(['create', 'configmap', 'other-team', '-n', ns, '--from-literal=a=b']);
    const file = stackFile(SHOP);
    const up = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /was not created by slipway/);
    const labels = JSON.parse(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])) as Record<string, string>;
    assert.equal(labels['app.kubernetes.io/managed-by'], undefined, 'the namespace was not relabelled');
    const down = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.match(down.stdout, /kept Namespace\/.*: slipway did not create it/);
    assert.equal(kubectl(['get', 'namespace', ns]).status, 0, 'the namespace is still there');
    assert.equal(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}']), 'Active');
    assert.equal(kubectl(['get', 'configmap', 'other-team', '-n', ns]).status, 0, "the other team's ConfigMap survives");
    dropNamespace(ns);
  });

  test('--adopt-namespace takes an existing namespace over', () => {
    const ns = createNamespace('ls-adopt');
    const file = stackFile(SHOP);
    const plan = slipway(['up', '-f', file, '-n', ns, '--adopt-namespace', '--plan']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /^namespace: adopt/m);
    assert.equal(slipway(['up', '-f', file, '-n', ns, '--adopt-namespace']).status, 0);
    assert.equal(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by}']), 'slipway');
    assert.equal(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.annotations.slipway\\.dev/created-by}']), 'shop/default');
    dropNamespace(ns);
  });

  test('down --purge keeps a namespace slipway created while it holds foreign objects, deletes it once it does not', () => {
    const ns = namespaceName('ls-purge');
    const file = stackFile(SHOP);
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    kubectlOk(['create', 'secret', 'generic', 'someone-elses', '-n', ns, '--from-literal=a=b']);
    const kept = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /kept Namespace\/.*: it holds 1 object\(s\) that are not this stack's: Secret\/someone-elses/);
    assert.equal(kubectlOk(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}']), 'Active');
    kubectlOk(['delete', 'secret', 'someone-elses', '-n', ns]);
    const gone = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
    assert.equal(gone.status, 0, gone.stderr);
    assert.match(gone.stdout, /deleted Namespace\//);
    const phase = kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}']);
    assert.ok(phase.status !== 0 || phase.stdout === 'Terminating', phase.stdout);
  });

  test('a planted or edited revision is refused by rollback and creates nothing; history and up go on', () => {
    const ns = namespaceName('ls-planted');
    const file = stackFile(SHOP);
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const owner = { stack: 'shop', environment: 'default' };
    const miner = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'miner', namespace: ns, labels: ownerLabels(owner) }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'm', image: 'evil/miner:1' }] } } } };
    const planted = { revision: 5, stack: 'shop', environment: 'default', stackHash: 'x', user: 'mallory', startedAt: '2025-01-01T00:00:00Z', status: 'superseded', objects: [miner] };
    // Signed, but with a key that is not the project's: what someone without the key file can produce.
    kubectlOk(['apply', '-f', '-'], JSON.stringify(encodeRevision(planted as never, ns, randomBytes(32))));
    // A genuine record with its payload swapped (the signature kept).
    const genuine = JSON.parse(kubectlOk(['get', 'secret', 'slipway.shop.default.v1', '-n', ns, '-o', 'json'])) as { data: Record<string, string> };
    genuine.data.revision = gzipSync(JSON.stringify({ ...planted, revision: 1 })).toString('base64');
    kubectlOk(['apply', '-f', '-'], JSON.stringify(genuine));
    for (const target of ['5', '1']) {
      const r = slipway(['rollback', target, '-f', file, '-n', ns]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`revision ${target} of shop/default is refused: slipway\\.shop\\.default\\.v${target}: signature does not match`));
    }
    assert.notEqual(kubectl(['get', 'deployment', 'miner', '-n', ns]).status, 0, 'nothing from the planted records was created');
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { revision: number; status: string; message?: string }[];
    assert.deepEqual(history.map((h) => [h.revision, h.status]), [[1, 'rejected'], [5, 'rejected']]);
    writeFileSync(file, SHOP.replace('1.4.2', '1.5.0'));
    const up = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /revision record slipway\.shop\.default\.v5 skipped: signature does not match/);
    assert.match(up.stdout, /deployed revision 6/, 'a new revision never overwrites a refused record');
    dropNamespace(ns);
  });

  test('corrupt revision records (bad base64, gzip, JSON) are reported by name and skipped', () => {
    const ns = namespaceName('ls-corrupt');
    const file = stackFile(SHOP);
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const labels = historyLabels('shop', 'default');
    // Secret data is base64 on the API; these are the bytes slipway decodes from it.
    const bad: [number, Buffer][] = [
      [7, Buffer.from('@@@')],
      [8, Buffer.from('not gzip')],
      [9, gzipSync('{"revision": 9,')],
    ];
    for (const [n, bytes] of bad) {
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: `slipway.shop.default.v${n}`, namespace: ns, labels: { ...labels, 'slipway.dev/revision': String(n) } }, data: { revision: bytes.toString('base64') } };
      kubectlOk(['apply', '-f', '-'], JSON.stringify(secret));
    }
    const h = slipway(['history', '-f', file, '-n', ns]);
    assert.equal(h.status, 0, h.stderr);
    assert.match(h.stdout, /^1\s+deployed/m);
    for (const n of [7, 8]) assert.match(h.stdout, new RegExp(`^${n}\\s+rejected\\s+slipway\\.shop\\.default\\.v${n}: revision data is not gzip`, 'm'));
    assert.match(h.stdout, /^9\s+rejected\s+slipway\.shop\.default\.v9: not signed/m);
    writeFileSync(file, SHOP.replace('1.4.2', '1.5.0'));
    const up = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /deployed revision 10/);
    const back = slipway(['rollback', '-f', file, '-n', ns]);
    assert.equal(back.status, 0, back.stdout + back.stderr);
    assert.match(back.stdout, /revision 11/);
    dropNamespace(ns);
  });

  test('up --plan prints the plan and changes nothing', () => {
    const ns = namespaceName('ls-plan');
    const file = stackFile(SHOP);
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    writeFileSync(file, SHOP.replace(/  api:\n(    .*\n)+/, '  web: {image: ghcr.io/acme/web:1.0.0, ports: {http: 8080}}\n'));
    const plan = slipway(['up', '-f', file, '-n', ns, '--plan']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /^revision: 2, /m);
    assert.match(plan.stdout, /^namespace: update/m);
    assert.match(plan.stdout, /^  web: Deployment\/web \(wait\)$/m);
    assert.match(plan.stdout, /^prune:\n(  .*\n)*  Deployment\/.*\/api\n/m);
    assert.equal(kubectl(['get', 'deployment', 'api', '-n', ns]).status, 0, 'nothing pruned');
    assert.notEqual(kubectl(['get', 'deployment', 'web', '-n', ns]).status, 0, 'nothing applied');
    const diff = slipway(['diff', '-f', file, '-n', ns]);
    assert.match(diff.stdout, /- Deployment\/.*\/api \(pruned\)/, 'diff shows the same prune set');
    dropNamespace(ns);
  });
});
