/**
 * `slipway exec` and `slipway connect` through the real API server's exec and port-forward endpoints. The test
 * cluster's kwok answers them (scripts/test-cluster write_config): exec runs the command on the test machine with
 * SLIPWAY_TEST_CLUSTER_EXEC=kwok set, and a forwarded connection reaches a command that greets and echoes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, slipway, stackFile, tempDir } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: {http: 8080, metrics: 9090}
    uses: [db]
  stuck:
    image: ghcr.io/acme/stuck:1.0.0
    ports: {http: 8080}
    placement: {nodeSelector: {pool: none}}
infra:
  db: {type: postgresql}
`;

interface Session {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start `slipway args`, call `during` once stdout shows `when`, then Ctrl-C it; resolves when it has exited. */
function session(args: string[], when: RegExp, during: (stdout: string) => Promise<void>, env: Record<string, string> = {}): Promise<Session & { error?: unknown }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  let started = false;
  let error: unknown;
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (started || !when.test(stdout)) return;
    started = true;
    during(stdout)
      .catch((e: unknown) => (error = e))
      .finally(() => child.kill('SIGINT'));
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ...(error ? { error } : {}) });
    }),
  );
}

/** Connect to 127.0.0.1:port, send a line, and return everything received once the line has come back. */
function roundTrip(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcp(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no echo within 10s, got ${JSON.stringify(got)}`))), 10_000);
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes(`${line}\n`)) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', reject);
    socket.write(`${line}\n`);
  });
}

const portOf = (stdout: string) => Number(/forwarding 127\.0\.0\.1:(\d+) /.exec(stdout)?.[1]);

describe('exec and connect', () => {
  const ns = namespaceName('d2-streams');
  const file = stackFile(STACK);
  before(() => {
    // stuck never schedules: up fails on it (exit 3) with everything else ready, which is the state the tests need.
    const up = slipway(['up', '-f', file, '-n', ns, '--timeout', '5']);
    assert.equal(up.status, 3, up.stdout + up.stderr);
    assert.match(up.stdout, /ready api/);
  });
  after(() => dropNamespace(ns));

  test("exec runs in the app container of a ready pod (not a wait init container) and exits with the command's code", () => {
    const r = slipway(['exec', 'api', '-f', file, '-n', ns, '--', 'sh', '-c', 'echo "ran through $SLIPWAY_TEST_CLUSTER_EXEC"; echo oops >&2; exit 7']);
    assert.equal(r.status, 7, r.stderr);
    assert.equal(r.stdout, 'ran through kwok\n');
    assert.match(r.stderr, /^exec in api-[a-z0-9]+-[a-z0-9]+\/api: sh -c /m);
    assert.match(r.stderr, /^oops$/m);
    const ok = slipway(['exec', 'db', '-f', file, '-n', ns, '--', 'true']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /exec in db-0\/postgresql: true/);
    const init = slipway(['exec', 'api', '-f', file, '-n', ns, '--container', 'wait-db', '--', 'true']);
    assert.equal(init.status, 2);
    assert.match(init.stderr, /has no container "wait-db"/);
    assert.match(init.stderr, /its containers: api/);
  });

  test('no ready pod: exec and connect say so with the stall explained, exit 3', () => {
    for (const args of [['exec', 'stuck', '--', 'true'], ['connect', 'stuck']]) {
      const r = slipway([...args.slice(0, 2), '-f', file, '-n', ns, ...args.slice(2)]);
      assert.equal(r.status, 3, r.stdout + r.stderr);
      assert.match(r.stderr, /no ready pod of stuck: Deployment\/stuck: 0\/1 (updated )?replicas (ready|available).* — Unschedulable: 0\/\d+ nodes are available: .*didn't match Pod's node affinity\/selector/);
      assert.match(r.stderr, /\[no-ready-pod\]/);
      assert.match(r.stderr, /slipway logs stuck/);
    }
  });

  test('connect forwards 127.0.0.1 to the pod through the API server until Ctrl-C; --port picks a named port', async () => {
    const r = await session(['connect', 'api', '-f', file, '-n', ns, '--port', 'metrics'], /forwarding/, async (out) => {
      assert.match(out, /^forwarding 127\.0\.0\.1:\d+ -> pod\/api-[a-z0-9-]+:9090 \(Ctrl-C to stop\)\n$/);
      assert.equal(await roundTrip(portOf(out), 'ping'), 'slipway-test-cluster: port-forward\nping\n');
      // A second connection over the same forward.
      assert.equal(await roundTrip(portOf(out), 'again'), 'slipway-test-cluster: port-forward\nagain\n');
    });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.code, 0, r.stderr);
    const bad = slipway(['connect', 'api', '-f', file, '-n', ns, '--port', 'grpc']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /api has no port "grpc"/);
    assert.match(bad.stderr, /its ports: http \(8080\), metrics \(9090\)/);
  });

  test('connect --print-url redacts the password unless --show-secret; -o json gives the address as data', async () => {
    const password = Buffer.from(kubectlOk(['get', 'secret', 'db-credentials', '-n', ns, '-o', 'jsonpath={.data.password}']), 'base64').toString();
    const redacted = await session(['connect', 'db', '-f', file, '-n', ns, '--print-url'], /\/shop\n/, async (out) => {
      assert.match(out, new RegExp(`^postgresql://shop:\\*\\*\\*@127\\.0\\.0\\.1:${portOf(out)}/shop$`, 'm'));
    });
    assert.equal(redacted.code, 0, redacted.stderr);
    assert.ok(!(redacted.stdout + redacted.stderr).includes(password), 'the password is never printed unasked');
    const shown = await session(['connect', 'db', '-f', file, '-n', ns, '--print-url', '--show-secret', '-o', 'json'], /"url"/, async (out) => {
      const line = JSON.parse(out.trim()) as { type: string; component: string; pod: string; address: string; port: number; remotePort: number; url: string };
      assert.deepEqual({ ...line, port: 0 }, { type: 'forwarding', component: 'db', pod: 'db-0', address: '127.0.0.1', port: 0, remotePort: 5432, url: `postgresql://shop:${encodeURIComponent(password)}@127.0.0.1:${line.port}/shop` });
    });
    assert.equal(shown.code, 0, shown.stderr);
  });

  test('connect --shell runs psql from PATH with the credentials in its environment, never on its command line; its exit code is passed on', () => {
    const bin = tempDir();
    const record = join(bin, 'record');
    // The user's psql, as far as slipway can tell: it records what it was given and exits 5.
    writeFileSync(join(bin, 'psql'), `#!/bin/sh\nprintf 'args=[%s] host=%s port=%s user=%s db=%s password=%s\\n' "$*" "$PGHOST" "$PGPORT" "$PGUSER" "$PGDATABASE" "$PGPASSWORD" > "${record}"\nexit 5\n`);
    chmodSync(join(bin, 'psql'), 0o755);
    const password = Buffer.from(kubectlOk(['get', 'secret', 'db-credentials', '-n', ns, '-o', 'jsonpath={.data.password}']), 'base64').toString();
    const r = slipway(['connect', 'db', '-f', file, '-n', ns, '--shell'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(r.status, 5, r.stdout + r.stderr);
    assert.match(r.stderr, /^forwarding 127\.0\.0\.1:(\d+) -> pod\/db-0:5432\n$/);
    const port = /127\.0\.0\.1:(\d+)/.exec(r.stderr)![1];
    assert.equal(readFileSync(record, 'utf8'), `args=[] host=127.0.0.1 port=${port} user=shop db=shop password=${password}\n`);
    assert.ok(!(r.stdout + r.stderr).includes(password));
    const missing = slipway(['connect', 'db', '-f', file, '-n', ns, '--shell'], { env: { PATH: '/nonexistent' } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /psql is not installed \(not on PATH\)/);
  });
});
