/**
 * Redis Sentinel (replicas: 3) against real servers on loopback: the rendered `redis` and `sentinel` container
 * scripts, run by sh with Debian's redis-server (redis-sentinel is redis-server --sentinel), as pods 0–2. A pod's
 * stable DNS name becomes a loopback address of its own (127.x.y.1N), since tests cannot add DNS names; each
 * process binds only its pod's address, on the ports the pods use. Proves: a fresh set elects pod 0 and pod 1
 * replicates from it, every Sentinel names the primary, the users' wait passes only once the Sentinels reach
 * their quorum, and after a failover a restarted old primary joins the new one as a replica.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { randomInt } from 'node:crypto';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { program, scratch, type Server, sh, startServer, until } from '../servers.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';

type Obj = Record<string, any>;

const PASSWORD = 'Sentinel7pw';
const ctx = CATALOG_CTX;
const entry = builtinCatalog.entry('redis')!;
const infra: ResolvedInfra = internalInfra('redis', { name: 'cache', replicas: 3 });
const servers: Server[] = [];
// A random 127.x.y.0/24 per run, so parallel runs on one machine never share an address.
const net = `127.${randomInt(1, 250)}.${randomInt(1, 250)}`;
const ip = (i: number) => `${net}.${10 + i}`;
const env = { REDIS_PASSWORD: PASSWORD, REDISCLI_AUTH: PASSWORD };

after(async () => {
  for (const s of servers) await s.stop();
});

const sts = entry.internal(infra, ctx).objects.find((o) => o.kind === 'StatefulSet') as Obj;
const containers = sts.spec.template.spec.containers as Obj[];
const scriptOf = (name: string): string => containers.find((c) => c.name === name)!.command[2];

/** The rendered script as pod `i` would run it: pod DNS names → their loopback addresses, paths → scratch. */
function asPod(script: string, i: number, dir: string): string {
  let s = script.replace(/"\$\(hostname\)\.cache-headless\.shop-dev\.svc"/g, `"${ip(i)}"`);
  for (let j = 0; j < 3; j++) s = s.replaceAll(`cache-${j}.cache-headless.shop-dev.svc`, ip(j));
  // The discovery accepts only names under the headless Service; here the pods' names are addresses.
  s = s.replace(/\*\.cache-headless\.shop-dev\.svc\)/, `${net}.*)`);
  return s
    .replaceAll('/sentinel/sentinel.conf', `${dir}/sentinel.conf`)
    .replace('dir /sentinel\n', `dir ${dir}\n`)
    .replace('--dir /data', `--dir ${dir}`)
    .replace('exec redis-server "$@"', `exec redis-server "$@" --bind ${ip(i)} --save ''`)
    .replace(/^port 26379$/m, `port 26379\nbind ${ip(i)}`);
}

/** Container args as generate appends them from the stack's `args:` and options.config (generate/infra-config.ts). */
const STACK_ARGS = ['--maxmemory-policy', 'allkeys-lru'];

function start(container: 'redis' | 'sentinel', i: number): Server {
  const dir = scratch();
  const command = containers.find((c) => c.name === container)!.command as string[];
  const argv = ['sh', '-c', asPod(command[2]!, i, dir), ...command.slice(3), ...(container === 'redis' ? STACK_ARGS : [])];
  const s = startServer(argv, container === 'redis' ? 6379 : 26379, dir);
  servers.push(s);
  return s;
}

const cli = (host: string, port: number, cmd: string) => sh(`redis-cli -h ${host} -p ${port} --raw ${cmd}`, env, 5_000);
/** The users' wait check, aimed at one Sentinel (the client Service's address in the cluster). */
function waitCheck(): string {
  const wait = entry.wait(infra, entry.connection(infra, ctx), ctx) as Obj;
  const check = /^until (.*); do echo /s.exec(wait.command[2])?.[1];
  assert.ok(check, wait.command[2]);
  return check.replaceAll('cache.shop-dev.svc', ip(1));
}

describe('Redis Sentinel against real redis-server and redis-server --sentinel', () => {
  program('redis-server');
  program('redis-cli');
  // startServer passes this process's environment on: the pods' password variables go there.
  Object.assign(process.env, env);
  const logs = () => servers.map((s, n) => `--- process ${n}\n${s.log()}`).join('\n');

  it('renders a redis and a sentinel container per pod, three pods, started in parallel', () => {
    assert.deepEqual(
      containers.map((c) => c.name),
      ['redis', 'sentinel'],
    );
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.podManagementPolicy, 'Parallel');
    assert.match(scriptOf('sentinel'), /sentinel monitor cache \$master 6379 2/);
    assert.match(scriptOf('redis'), /--replica-announce-ip "\$me"/);
  });

  it('elects pod 0 on a fresh set, pod 1 replicates, the wait passes only with a quorum of Sentinels', async () => {
    const r0 = start('redis', 0);
    start('redis', 1);
    start('sentinel', 0);
    await until(() => cli(ip(0), 6379, 'ping').stdout.trim() === 'PONG', 15_000, 'pod 0 redis', logs);
    await until(() => /master_link_status:up/.test(cli(ip(1), 6379, 'info replication').stdout), 20_000, 'pod 1 to replicate from pod 0', logs);
    assert.match(cli(ip(1), 6379, 'info replication').stdout, new RegExp(`master_host:${ip(0).replaceAll('.', '\\.')}`));
    assert.match(cli(ip(0), 6379, 'info replication').stdout, /role:master/);
    // The container's args reach the server behind the set's own flags.
    assert.match(cli(ip(0), 6379, 'config get maxmemory-policy').stdout, /allkeys-lru/);
    // One Sentinel knows the primary but cannot authorise a failover alone: users must not start yet.
    await until(() => cli(ip(0), 26379, 'sentinel get-master-addr-by-name cache').stdout.split('\n')[0] === ip(0), 15_000, 'sentinel 0 to monitor pod 0', logs);
    const check = waitCheck().replaceAll(ip(1), ip(0));
    assert.notEqual(sh(check, env).status, 0, 'the wait must fail while the Sentinels have no quorum');
    assert.match(cli(ip(0), 26379, 'sentinel ckquorum cache').stdout, /NOQUORUM/);

    start('sentinel', 1);
    start('sentinel', 2);
    for (const i of [1, 2]) await until(() => cli(ip(i), 26379, 'sentinel get-master-addr-by-name cache').stdout.split('\n')[0] === ip(0), 20_000, `sentinel ${i} to name pod 0`, logs);
    await until(() => sh(waitCheck(), env).status === 0, 30_000, 'the users’ wait check (quorum of 3 Sentinels, primary answers PONG)', logs);
    // The Sentinels found each other and the replica by their announced addresses, not by guesses.
    await until(() => /^OK 3 usable Sentinels/.test(cli(ip(2), 26379, 'sentinel ckquorum cache').stdout), 20_000, 'all three Sentinels to know each other', logs);
    const master = cli(ip(2), 26379, 'sentinel master cache').stdout.split('\n');
    assert.equal(master[master.indexOf('num-slaves') + 1], '1');
    assert.equal(master[master.indexOf('num-other-sentinels') + 1], '2');
    // Readiness of the Sentinel container, verbatim: it answers with the primary's address.
    const probe = containers.find((c) => c.name === 'sentinel')!.readinessProbe.exec.command[2] as string;
    assert.equal(sh(probe.replace('redis-cli -p', `redis-cli -h ${ip(2)} -p`), env).status, 0);
    // A wrong password is refused by the Sentinels too.
    assert.notEqual(sh(waitCheck(), { REDISCLI_AUTH: 'wrong' }).status, 0);

    // Every Sentinel must know the replica before the primary dies: a Sentinel learns replicas from the primary's
    // INFO every 10 s, and a leader that has not yet refuses the failover (-failover-abort-no-good-slave) and waits
    // 2 × failover-timeout before it tries again.
    for (const i of [0, 1, 2]) {
      await until(() => {
        const m = cli(ip(i), 26379, 'sentinel master cache').stdout.split('\n');
        return m[m.indexOf('num-slaves') + 1] === '1';
      }, 20_000, `sentinel ${i} to know the replica`, logs);
    }

    // Failover: pod 0's server dies; the Sentinels promote pod 1; pod 0 restarted asks them and replicates.
    await r0.stop();
    await until(() => cli(ip(1), 26379, 'sentinel get-master-addr-by-name cache').stdout.split('\n')[0] === ip(1), 60_000, 'the Sentinels to promote pod 1', logs);
    await until(() => /role:master/.test(cli(ip(1), 6379, 'info replication').stdout), 10_000, 'pod 1 to be primary', logs);
    start('redis', 0);
    await until(() => /master_link_status:up/.test(cli(ip(0), 6379, 'info replication').stdout), 45_000, 'the old primary to rejoin as a replica of pod 1', logs);
    assert.match(cli(ip(0), 6379, 'info replication').stdout, new RegExp(`master_host:${ip(1).replaceAll('.', '\\.')}`));
    await until(() => sh(waitCheck(), env).status === 0, 20_000, 'the wait check after the failover', logs);
  });
});
