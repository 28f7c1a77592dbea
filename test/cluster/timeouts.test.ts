/**
 * Timeouts and error paths against the real API server: when it stops answering mid-run, `up` fails within a
 * bounded time with the original cause and exit 3; when releasing the lock fails, the user still sees why the
 * run failed. A loopback TCP proxy in front of the shared API server stands in for a frozen one (the shared
 * server itself must not be stopped).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { stackFile, tempDir } from '../helpers.js';
import { dropNamespace, kubectl, namespaceName, requireCluster } from './kube.js';
import { runUntil } from './run-async.js';
import { loadStack } from '../../src/load/load-stack.js';
import { up } from '../../src/commands/up.js';
import { ClusterClient, ClusterError } from '../../src/cluster/client.js';
import type { ClusterPort } from '../../src/cluster/port.js';
import type { LifecycleEvent } from '../../src/lifecycle/events.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';

const STUCK = (timeout: number) => `name: shop
services:
  stuck:
    image: ghcr.io/acme/stuck:1.0.0
    ports: {http: 8080}
    timeout: ${timeout}
    placement: {nodeSelector: {pool: none}}
`;

/** A TCP proxy to the API server that can freeze: from then on it forwards nothing, on old or new connections. */
async function freezableProxy(target: URL): Promise<{ url: string; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    if (frozen) return;
    const upstream = connect(Number(target.port || 443), target.hostname);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('data', (d) => frozen || upstream.write(d));
    upstream.on('data', (d) => frozen || client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => frozen || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${target.protocol}//${target.hostname}:${port}`,
    freeze: () => (frozen = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** The test cluster's kubeconfig, pointed at another server URL (same credentials and CA). */
function kubeconfigVia(server: string): string {
  const kc = new KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG!);
  const current = kc.getCurrentCluster()!;
  // Same host, another port: the server certificate still matches (ports are not part of it).
  kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, server } : c));
  const file = join(tempDir(), 'kubeconfig.json');
  writeFileSync(file, kc.exportConfig());
  return file;
}

// One at a time: the proxy and the background run need this process's event loop, which spawnSync would block.
describe('timeouts and error paths', () => {
  test('the API server freezes mid-run: up fails within bounded time, exit 3, with the timeout as the cause', async () => {
    requireCluster();
    const ns = namespaceName('to-frozen');
    const real = new KubeConfig();
    real.loadFromFile(process.env.KUBECONFIG!);
    const proxy = await freezableProxy(new URL(real.getCurrentCluster()!.server));
    let frozenAt = 0;
    try {
      const r = await runUntil(['up', '-f', stackFile(STUCK(90)), '-n', ns], /waiting for stuck/, () => {
        proxy.freeze();
        frozenAt = Date.now();
      }, { env: { KUBECONFIG: kubeconfigVia(proxy.url), SLIPWAY_REQUEST_TIMEOUT: '5' } });
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(r.stderr, /^error: .*the API server at .* did not answer within 5s .*\[rollout-failed\]/m);
      assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
      // The cause is reported once; the bookkeeping that also failed is reported as notes, not instead of it.
      assert.match(r.stdout, /note: could not mark revision 1 as failed: .*did not answer within 5s/);
      assert.match(r.stdout, /note: could not release the lock \(.*did not answer within 5s.*\); it expires by itself/);
      // Poll (5 s) + revision record (5 s) + release (5 s), plus process exit; without deadlines it hangs until killed.
      assert.ok(r.endedAt - frozenAt < 45_000, `ended ${(r.endedAt - frozenAt) / 1000}s after the freeze`);
    } finally {
      proxy.close();
    }
    dropNamespace(ns);
  });

  test('releasing the lock fails after a rollout failure: the rollout failure is what the caller gets', async () => {
    const ns = namespaceName('to-release');
    const real = ClusterClient.connect();
    const brokenRelease: ClusterPort = Object.assign(Object.create(real) as ClusterPort, {
      delete: async (ref: Parameters<ClusterPort['delete']>[0], opts?: Parameters<ClusterPort['delete']>[1]) => {
        if (ref.kind === 'Lease') throw new ClusterError('connection reset by peer', 0);
        return real.delete(ref, opts);
      },
    });
    const events: LifecycleEvent[] = [];
    await assert.rejects(up(loadStack(stackFile(STUCK(4))), { namespace: ns, client: brokenRelease, report: (e) => events.push(e) }), (e: unknown) => {
      assert.ok(e instanceof SlipwayError, `a SlipwayError, not ${String(e)}`);
      assert.equal(e.exitCode, 3);
      assert.equal(e.diagnostics[0]!.code, 'rollout-failed');
      assert.match(e.message, /Deployment\/stuck: not ready after 4s/);
      return true;
    });
    const notes = events.filter((e) => e.type === 'note').map((e) => (e as { message: string }).message);
    assert.ok(notes.some((m) => /could not release the lock \(connection reset by peer\); it expires by itself 60s after its last renewal/.test(m)), notes.join('\n'));
    assert.equal(kubectl(['get', 'lease', 'slipway-lock.shop.default', '-n', ns]).status, 0, 'the lease stays until it expires');
    dropNamespace(ns);
  });
});

