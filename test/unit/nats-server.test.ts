/**
 * The nats entry against a real nats-server (Debian's package) run as the rendered UID under a read-only root: the
 * rendered nats.conf starts it with JetStream and password auth, the rendered readiness and startup paths answer
 * 200, and the rendered wait check passes with the password, fails with a wrong one and with the server down.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { HEALTHZ, natsConf } from '../../src/catalog/nats.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import { program, sh, startNats, until, type Server } from '../servers.js';

type Obj = Record<string, any>;

const ctx = CATALOG_CTX;
const entry = builtinCatalog.entry('nats')!;
const PASSWORD = 'Zq8nats0pass1word2';
const infra: ResolvedInfra = internalInfra('nats', { name: 'bus', user: 'shop' });
const sts = (): Obj => entry.internal(infra, ctx).objects.find((o) => o.kind === 'StatefulSet') as Obj;
const UID = (): number => sts().spec.template.spec.securityContext.runAsUser;

/** busybox's nc, as the wait container (busybox image) has it, first on PATH. */
let busyboxPath = '';
let server: Server & { monitorPort: number };

function waitCheck(port: number): string {
  const wait = entry.wait(infra, entry.connection(infra, ctx), ctx) as Obj;
  assert.equal(wait.image.split(':')[0], 'busybox');
  const check = /^until (.*); do echo /.exec(wait.command[2])?.[1];
  assert.ok(check, wait.command[2]);
  assert.ok(check.includes(' nc -w 3 bus.shop-dev.svc 4222 '), check);
  return check.replace(' bus.shop-dev.svc 4222 ', ` 127.0.0.1 ${port} `);
}

const runWait = (port: number, password: string) => sh(waitCheck(port), { PATH: `${busyboxPath}:${process.env.PATH}`, NATS_USER: 'shop', NATS_PASSWORD: password });

before(async () => {
  busyboxPath = mkdtempSync(join(tmpdir(), 'busybox-'));
  symlinkSync(program('busybox'), join(busyboxPath, 'nc'));
  server = await startNats({
    uid: UID(),
    conf: ({ dir, client, monitor }) => {
      const conf = natsConf(infra, ctx);
      for (const line of ['port: 4222', 'http_port: 8222', 'store_dir: "/data/jetstream"']) assert.ok(conf.includes(line), line);
      return conf
        .replace('port: 4222', `listen: 127.0.0.1:${client}`)
        .replace('http_port: 8222', `http: 127.0.0.1:${monitor}`)
        .replace('"/data/jetstream"', JSON.stringify(join(dir, 'jetstream')));
    },
    env: { POD_NAME: 'bus-0', NATS_PASSWORD: PASSWORD },
  });
  await until(() => runWait(server.port, PASSWORD).status === 0, 20_000, 'nats to answer PONG', server.log);
  // The log arrives through a pipe the event loop reads between polls: wait for the line that ends start-up.
  await until(() => /Server is ready/.test(server.log()), 10_000, 'the start-up log', server.log);
});

after(async () => {
  await server?.stop();
});

describe('NATS against a real server under the rendered UID and a read-only root', () => {
  it('starts from the rendered nats.conf with JetStream on the data volume', () => {
    assert.match(server.log(), /Starting JetStream/);
    assert.ok(existsSync(join(server.dir, 'jetstream')), 'the store is under store_dir');
    assert.match(server.log(), /Name:\s+bus-0\n/, 'server_name from $POD_NAME');
    if (process.getuid?.() === 0) assert.match(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'), new RegExp(`\\nUid:\\t${UID()}\\t`), 'runs as the rendered UID');
  });

  it('answers the rendered readiness and startup paths', async () => {
    const c = sts().spec.template.spec.containers[0];
    for (const probe of [c.readinessProbe, c.startupProbe]) {
      assert.equal(probe.httpGet.port, 'monitor');
      const res = await fetch(`http://127.0.0.1:${server.monitorPort}${probe.httpGet.path}`);
      assert.equal(res.status, 200, probe.httpGet.path);
    }
  });

  it('the wait passes with the password and fails with a wrong one', () => {
    assert.equal(runWait(server.port, PASSWORD).status, 0);
    const wrong = runWait(server.port, 'not-the-password');
    assert.notEqual(wrong.status, 0);
  });

  it('the wait and the readiness path fail while the server is down', async () => {
    const port = server.port;
    await server.stop();
    assert.notEqual(runWait(port, PASSWORD).status, 0);
    await assert.rejects(fetch(`http://127.0.0.1:${server.monitorPort}${HEALTHZ}`));
  });
});
