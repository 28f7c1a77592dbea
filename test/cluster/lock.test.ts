/**
 * The lock against the real API server: leases expire, takeovers are conditional, and a run whose lease is taken
 * stops writing. The lease duration is shortened with SLIPWAY_LEASE_SECONDS where a test waits on renewals.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';
import { runUntil } from './run-async.js';
import { loadStack } from '../../src/load/load-stack.js';
import { up } from '../../src/commands/up.js';
import { ClusterClient } from '../../src/cluster/client.js';
import type { ClusterPort } from '../../src/cluster/port.js';
import type { LifecycleEvent } from '../../src/lifecycle/events.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { microTime } from '../../src/lifecycle/lease.js';

const LEASE = 'slipway-lock.shop.default';
const SMALL = 'name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    ports: {http: 8080}\n';
/** `stuck` never schedules (no node has pool=none), so up waits on it; `after` comes in the wave after it. */
const STUCK = `name: shop
services:
  stuck:
    image: ghcr.io/acme/stuck:1.0.0
    ports: {http: 8080}
    timeout: 90
    placement: {nodeSelector: {pool: none}}
  after:
    image: ghcr.io/acme/after:1.0.0
    ports: {http: 8080}
    uses: [stuck]
`;

function createLease(ns: string, holder: string, renewTime: Date, seconds = 60): void {
  kubectlOk(['create', 'namespace', ns]);
  kubectlOk(
    ['create', '-n', ns, '-f', '-'],
    `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: ${LEASE}}\nspec: {holderIdentity: "${holder}", acquireTime: "2026-11-01T08:00:00.000000Z", renewTime: "${microTime(renewTime)}", leaseDurationSeconds: ${seconds}}\n`,
  );
}

const holderOf = (ns: string) => kubectlOk(['get', 'lease', LEASE, '-n', ns, '-o', 'jsonpath={.spec.holderIdentity}']);

// One at a time: the runs in the background need this process's event loop, which spawnSync would block.
describe('lock', () => {
  test('a lease not renewed within its duration is stale: taken over with a note naming the holder, no --force-unlock needed', () => {
    const ns = namespaceName('lk-stale');
    createLease(ns, 'ci@runner-7 pid 42', new Date(Date.now() - 10 * 60_000));
    const r = slipway(['up', '-f', stackFile(SMALL), '-n', ns]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /note: took over the lock of shop\/default: ci@runner-7 pid 42 held it since 2026-11-01T08:00:00\.000000Z \(last renewed .*\) and its lease expired at \d{4}-/);
    assert.match(r.stdout, /deployed revision 1/);
    assert.notEqual(kubectl(['get', 'lease', LEASE, '-n', ns]).status, 0, 'released at the end');
    dropNamespace(ns);
  });

  test('a live lease is refused with its holder, since when and until when', () => {
    const ns = namespaceName('lk-live');
    createLease(ns, 'ci@runner-7 pid 42', new Date());
    const r = slipway(['up', '-f', stackFile(SMALL), '-n', ns]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: shop\/default is locked by ci@runner-7 pid 42 since 2026-11-01T08:00:00\.000000Z \(last renewed .*, valid until .*\)/m);
    assert.match(r.stderr, /hint: .*wait until its lease expires or pass --force-unlock/);
    assert.equal(holderOf(ns), 'ci@runner-7 pid 42', 'the holder keeps its lease');
    assert.notEqual(kubectl(['get', 'deployment', 'api', '-n', ns]).status, 0, 'nothing applied');
    dropNamespace(ns);
  });

  test('taking over a stale lease is conditional: if another run renews it between our read and our write, we back off', async () => {
    const ns = namespaceName('lk-race');
    createLease(ns, 'ci@runner-7 pid 42', new Date(Date.now() - 10 * 60_000));
    const real = ClusterClient.connect();
    // The other run renews right after we read the (stale) lease: our takeover then carries an old resourceVersion.
    const racing: ClusterPort = Object.assign(Object.create(real) as ClusterPort, {
      get: async (ref: Parameters<ClusterPort['get']>[0]) => {
        const seen = await real.get(ref);
        if (ref.kind === 'Lease') kubectlOk(['patch', 'lease', LEASE, '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { renewTime: microTime(new Date()) } })]);
        return seen;
      },
    });
    const events: LifecycleEvent[] = [];
    await assert.rejects(
      up(loadStack(stackFile(SMALL)), { namespace: ns, client: racing, report: (e) => events.push(e) }),
      (e: unknown) => e instanceof SlipwayError && /shop\/default was locked by another run a moment ago/.test(e.message),
    );
    assert.equal(holderOf(ns), 'ci@runner-7 pid 42', 'the run that renewed keeps the lock');
    assert.deepEqual(events.filter((e) => e.type === 'applied'), [], 'nothing applied');
    dropNamespace(ns);
  });

  test('a run whose lease is taken mid-run stops: exit 3 naming the new holder, nothing applied after, the lease left alone', async () => {
    const ns = namespaceName('lk-stolen');
    const file = stackFile(STUCK);
    let stolenAt = 0;
    let before = '';
    const r = await runUntil(['up', '-f', file, '-n', ns], /waiting for stuck/, (out) => {
      before = out;
      kubectlOk(['patch', 'lease', LEASE, '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { holderIdentity: 'thief@elsewhere pid 7', renewTime: microTime(new Date()) } })]);
      stolenAt = Date.now();
    }, { env: { SLIPWAY_LEASE_SECONDS: '10' } });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: lost the lock to thief@elsewhere pid 7 \[lock-lost\]/m);
    assert.match(r.stderr, /hint: nothing more was applied after that/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    // Renewals run every 3.3 s with a 10 s lease; without the check, up would wait out stuck's 90 s timeout.
    assert.ok(r.endedAt - stolenAt < 30_000, `stopped ${(r.endedAt - stolenAt) / 1000}s after the theft`);
    assert.doesNotMatch(r.stdout.slice(before.length), /created|configured|deleted/, `nothing applied after the theft:\n${r.stdout}`);
    assert.notEqual(kubectl(['get', 'deployment', 'after', '-n', ns]).status, 0, 'the next wave was never applied');
    assert.equal(holderOf(ns), 'thief@elsewhere pid 7', "the new holder's lease is not deleted");
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { status: string; message?: string }[];
    assert.equal(history.at(-1)!.status, 'interrupted');
    assert.match(history.at(-1)!.message ?? '', /lost the lock to thief@elsewhere pid 7/);
    dropNamespace(ns);
  });
});
