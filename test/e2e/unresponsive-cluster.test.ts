/**
 * An API server that accepts connections but never answers (frozen, overloaded, black-holed): commands fail within
 * a bounded time with one cluster diagnostic, instead of hanging. Loopback servers stand in for the broken server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { CLI, stackFile, tempDir } from '../helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STACK = 'name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    ports: {http: 8080}\n';

function kubeconfig(server: string): string {
  const file = join(tempDir(), 'kubeconfig.yaml');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: frozen\n  cluster: {server: "${server}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: not-a-secret}\ncontexts:\n- name: frozen\n  context: {cluster: frozen, user: u}\ncurrent-context: frozen\n`,
  );
  return file;
}

/** Run the binary without blocking this process's event loop (the broken server lives here); give up after 60 s. */
function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string; seconds: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('close', (status) => (clearTimeout(killer), resolve({ status, stderr, seconds: (Date.now() - t0) / 1000 }))));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function closeAll(server: Server, sockets: Set<Socket>): void {
  for (const s of sockets) s.destroy();
  server.close();
}

function assertClusterError(r: { status: number | null; stderr: string; seconds: number }, origin: string): void {
  assert.equal(r.status, 2, `exit 2 (cluster error), got ${r.status} after ${r.seconds}s:\n${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^error: the cluster cannot be reached: .*the API server at ${origin} did not answer within 1s`, 'm'));
  assert.match(r.stderr, /hint: is the cluster running and the kube context right\?/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.deepEqual(r.stderr.trim().split('\n').slice(2), ['', '1 error'], `one diagnostic, its hint and the summary:\n${r.stderr}`);
  // Node and the Kubernetes client take a few seconds to load on a busy machine; a hang would hit 60 s.
  assert.ok(r.seconds < 30, `failed after ${r.seconds}s`);
}

test('a server that accepts TCP connections and never says a word: up and status fail with a cluster error', async () => {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  const port = await listen(server);
  try {
    const env = { KUBECONFIG: kubeconfig(`https://127.0.0.1:${port}`), SLIPWAY_REQUEST_TIMEOUT: '1' };
    const file = stackFile(STACK);
    const [up, status] = await Promise.all([run(['up', '-f', file, '-n', 'frozen'], env), run(['status', '-f', file, '-n', 'frozen'], env)]);
    assertClusterError(up, `https://127.0.0.1:${port}`);
    assertClusterError(status, `https://127.0.0.1:${port}`);
  } finally {
    closeAll(server, sockets);
  }
});

test('a server that sends response headers and then hangs in the body: the deadline covers the whole response', async () => {
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kind":"APIResourceList","resources":[');
  });
  server.on('connection', (s) => sockets.add(s));
  const port = await listen(server);
  try {
    const r = await run(['status', '-f', stackFile(STACK), '-n', 'frozen'], { KUBECONFIG: kubeconfig(`http://127.0.0.1:${port}`), SLIPWAY_REQUEST_TIMEOUT: '1' });
    assertClusterError(r, `http://127.0.0.1:${port}`);
  } finally {
    closeAll(server, sockets);
  }
});
