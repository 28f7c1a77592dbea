/**
 * The rabbitmq entry against a real RabbitMQ (Debian's rabbitmq-server) run as the rendered UID under a read-only
 * root: the rendered init container writes the Erlang cookie that the node and its CLI tools accept, the rendered
 * rabbitmq.conf and enabled_plugins start it with the management API, the default user comes from
 * RABBITMQ_DEFAULT_USER/PASS, the rendered startup and readiness probes pass on the running node and fail once it
 * is down, and the rendered wait passes with the password and fails with a wrong one or a stopped server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { ENABLED_PLUGINS, READY, STARTED, rabbitmqConf } from '../../src/catalog/rabbitmq.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import { asUser, program, sh, startRabbitmq, until, type RabbitmqServer } from '../servers.js';

type Obj = Record<string, any>;

const ctx = CATALOG_CTX;
const entry = builtinCatalog.entry('rabbitmq')!;
const PASSWORD = 'Rb7mq0pass1word2xyz';
const COOKIE = 'QWERTYUIOPASDFGHJKLZXCVBNMqwerty';
const infra: ResolvedInfra = internalInfra('rabbitmq', { name: 'mq', user: 'shop' });
const pod = (): Obj => (entry.internal(infra, ctx).objects.find((o) => o.kind === 'StatefulSet') as Obj).spec.template.spec;
const UID = (): number => pod().securityContext.runAsUser;
const root = process.getuid?.() === 0;

let busybox = '';
let server: RabbitmqServer;

/** A rendered exec probe, run as the pod's user with the server's environment (probes share the container's env). */
function probe(command: string[]) {
  const argv = asUser(root ? UID() : undefined, command);
  return sh(argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), server.env, 60_000);
}

function waitCheck(port: number): string {
  const wait = entry.wait(infra, entry.connection(infra, ctx), ctx) as Obj;
  assert.equal(wait.image.split(':')[0], 'busybox');
  const check = /^until (.*); do echo /.exec(wait.command[2])?.[1];
  assert.ok(check?.includes('http://mq.shop-dev.svc:15672/api/whoami'), wait.command[2]);
  return check!.replace('mq.shop-dev.svc:15672', `127.0.0.1:${port}`);
}

const runWait = (password: string) => sh(waitCheck(server.managementPort), { PATH: `${busybox}:${process.env.PATH}`, RABBITMQ_USER: 'shop', RABBITMQ_PASSWORD: password });

before(async () => {
  busybox = mkdtempSync(join(tmpdir(), 'busybox-'));
  for (const applet of ['timeout', 'wget', 'base64', 'tr']) symlinkSync(program('busybox'), join(busybox, applet));
  const init = pod().initContainers.find((c: Obj) => c.name === 'erlang-cookie');
  server = await startRabbitmq({
    uid: UID(),
    user: 'shop',
    password: PASSWORD,
    cookie: COOKIE,
    plugins: ENABLED_PLUGINS,
    conf: ({ amqp, management, prometheus }) => {
      const conf = rabbitmqConf(infra, ctx);
      for (const line of ['listeners.tcp.default = 5672', 'management.tcp.port = 15672']) assert.ok(conf.includes(line), line);
      return [
        conf.replace('listeners.tcp.default = 5672', `listeners.tcp.1 = 127.0.0.1:${amqp}`).replace('management.tcp.port = 15672', `management.tcp.port = ${management}`),
        'management.tcp.ip = 127.0.0.1',
        `prometheus.tcp.port = ${prometheus}`,
        'prometheus.tcp.ip = 127.0.0.1',
        '',
      ].join('\n');
    },
    // The init container's own script, pointed at the test's HOME, as the pod's user.
    writeCookie: (home) => {
      const script = init.command[2].replaceAll('/var/lib/rabbitmq', home);
      const argv = asUser(root ? UID() : undefined, ['sh', '-c', script]);
      return sh(argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), { RABBITMQ_ERLANG_COOKIE: COOKIE });
    },
  });
  await until(() => runWait(PASSWORD).status === 0, 90_000, 'rabbitmq to answer the wait', server.log);
});

after(async () => {
  await server?.stop();
});

describe('RabbitMQ against a real server under the rendered UID and a read-only root', () => {
  it('takes the cookie the init container wrote (owner-only, as Erlang demands)', () => {
    const file = join(server.env.HOME!, '.erlang.cookie');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), COOKIE);
    if (root) assert.match(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'), new RegExp(`\\nUid:\\t${UID()}\\t`), 'runs as the rendered UID');
  });

  it('passes the rendered startup and readiness probes', () => {
    const c = pod().containers[0];
    assert.deepEqual(c.startupProbe.exec.command, STARTED);
    assert.deepEqual(c.readinessProbe.exec.command, READY);
    for (const command of [STARTED, READY]) {
      const r = probe(command);
      assert.equal(r.status, 0, `${command.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  it('the readiness probe fails without the cookie (CLI tools authenticate to the node with it)', () => {
    const other = { ...server.env, HOME: mkdtempSync(join(tmpdir(), 'no-cookie-')) };
    const argv = asUser(root ? UID() : undefined, READY);
    const r = sh(argv.join(' '), other, 60_000);
    assert.notEqual(r.status, 0);
  });

  it('the wait passes with the password and fails with a wrong one', () => {
    assert.equal(runWait(PASSWORD).status, 0);
    assert.notEqual(runWait('not-the-password').status, 0);
  });

  it('the wait and the probes fail while the server is down', async () => {
    await server.stop();
    assert.notEqual(runWait(PASSWORD).status, 0);
    assert.notEqual(probe(READY).status, 0);
  });
});
