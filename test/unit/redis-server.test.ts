/**
 * Redis probe and wait commands, verbatim from the rendered objects, against a real redis-server on loopback
 * (image-audit.md §8.1 and §9.5): readiness fails while the server loads its data and on a wrong or missing
 * password, where a bare `redis-cli ping` exits 0; the wait for an external TLS server connects although the
 * server's CA is in no trust store (the official image ships none).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { READY } from '../../src/catalog/redis.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { freePort, program, scratch, type Server, sh, startServer, until } from '../servers.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

const PASSWORD = 'redis pw';
const ctx = CATALOG_CTX;
const entry = builtinCatalog.entry('redis')!;
const servers: Server[] = [];

after(async () => {
  for (const s of servers) await s.stop();
});

const infraOf = (over: Partial<ResolvedInfra>): ResolvedInfra => internalInfra('redis', { name: 'cache', ...over });

async function redis(args: string[], dir = scratch()): Promise<Server> {
  const port = await freePort();
  const s = startServer([program('redis-server'), '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', ...args], port, dir);
  servers.push(s);
  return s;
}

/** The rendered readiness command, pointed at the test server's port (the pod's is 6379). */
function readiness(port: number, auth: string | undefined) {
  const [shell, flag, script] = READY;
  assert.deepEqual([shell, flag], ['sh', '-c']);
  assert.match(script!, / -p 6379 /);
  return sh(script!.replace(' -p 6379 ', ` -p ${port} `), auth === undefined ? {} : { REDISCLI_AUTH: auth });
}

/** What the readiness probe was before: a bare ping, which exits 0 on any reply. */
const barePing = (port: number, auth: string) => sh(`redis-cli -h 127.0.0.1 -p ${port} ping`, { REDISCLI_AUTH: auth });

describe('Redis readiness against a real server', () => {
  it('is the readiness probe the StatefulSet renders', () => {
    const sts = entry.internal(infraOf({}), ctx).objects.find((o) => o.kind === 'StatefulSet') as Obj;
    assert.deepEqual(sts.spec.template.spec.containers[0].readinessProbe.exec.command, READY);
  });

  it('fails on a wrong or missing password, passes with the right one', async () => {
    const s = await redis(['--requirepass', PASSWORD]);
    await until(() => readiness(s.port, PASSWORD).status === 0, 10_000, 'redis to answer PONG', s.log);
    assert.notEqual(readiness(s.port, 'wrong').status, 0);
    assert.notEqual(readiness(s.port, undefined).status, 0);
    // The defect this replaces: redis-cli exits 0 on the error reply.
    assert.equal(barePing(s.port, 'wrong').status, 0);
    assert.match(barePing(s.port, 'wrong').stdout + barePing(s.port, 'wrong').stderr, /WRONGPASS|NOAUTH/);
  });

  it('fails while the server loads its dataset (LOADING), then passes', async () => {
    // A dataset to load: 50,000 keys saved to an RDB by a first server.
    const dir = scratch();
    const seed = await redis(['--requirepass', PASSWORD, '--enable-debug-command', 'yes'], dir);
    await until(() => barePing(seed.port, PASSWORD).stdout.includes('PONG'), 10_000, 'seed server', seed.log);
    for (const cmd of ['debug populate 50000', 'save', 'shutdown nosave']) sh(`redis-cli -h 127.0.0.1 -p ${seed.port} ${cmd}`, { REDISCLI_AUTH: PASSWORD });
    await new Promise<void>((r) => (seed.child.exitCode !== null ? r() : seed.child.once('exit', () => r())));
    // Redis's debug settings slow loading down (10 µs a key) and answer clients every KiB loaded.
    const s = await redis(['--requirepass', PASSWORD, '--dbfilename', 'dump.rdb', '--key-load-delay', '10', '--loading-process-events-interval-bytes', '1024'], dir);
    await until(() => /LOADING/.test(barePing(s.port, PASSWORD).stdout), 10_000, 'redis to report LOADING', s.log);
    const bare = barePing(s.port, PASSWORD);
    const probe = readiness(s.port, PASSWORD);
    const stillLoading = /LOADING/.test(barePing(s.port, PASSWORD).stdout);
    assert.ok(stillLoading, 'the load finished too fast to observe; raise the key count');
    assert.equal(bare.status, 0, 'a bare ping exits 0 on LOADING');
    assert.notEqual(probe.status, 0, 'readiness must fail while loading');
    await until(() => readiness(s.port, PASSWORD).status === 0, 60_000, 'readiness after loading', s.log);
  });
});

describe('Redis wait for an external TLS server', () => {
  it('connects with the rendered check although the CA is in no trust store', async () => {
    const dir = scratch();
    const cert = spawnSync(program('openssl'), ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=redis.example.internal'], { encoding: 'utf8' });
    assert.equal(cert.status, 0, cert.stderr);
    const tlsPort = await freePort();
    const s = await redis(['--port', '0', '--tls-port', String(tlsPort), '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-auth-clients', 'no', '--requirepass', PASSWORD], dir);
    const infra = infraOf({ mode: 'external', external: { host: '127.0.0.1', port: tlsPort, tls: true, passwordSecret: { name: 'cache-password' } } });
    const wait = entry.wait(infra, entry.connection(infra, ctx), ctx) as Obj;
    const check = /^until (.*); do echo /.exec(wait.command[2])?.[1];
    assert.ok(check, wait.command[2]);
    assert.match(check, /--tls --insecure/);
    await until(() => sh(check, { REDISCLI_AUTH: PASSWORD }).status === 0, 10_000, 'the wait check to pass', s.log);
    // Without --insecure redis-cli verifies the certificate and never connects: every user would stay in Init.
    const verified = sh(check.replace(' --insecure', ''), { REDISCLI_AUTH: PASSWORD });
    assert.notEqual(verified.status, 0);
  });
});
