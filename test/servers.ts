/**
 * Real servers on loopback for tests that prove a rendered command or script against the program it talks to
 * (Debian's postgresql, mariadb-server, redis-server, rabbitmq-server and nats-server; .ci/run installs them). Each server listens on 127.0.0.1 only, on a
 * free port, in its own temporary directory, and is stopped by its own pid when the test ends.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A program on PATH or in a known directory; a clear failure (never a skip) when the package is missing. */
export function program(name: string, dirs: string[] = []): string {
  for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  throw new Error(`${name} is not installed: this test runs the real server (apt-get install postgresql mariadb-server redis-server, see .ci/run)`);
}

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!dir) throw new Error('PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql, see .ci/run)');
  return dir;
}

export interface Sh {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a POSIX sh script with exactly `env` added to PATH (like a container's clean environment). */
export function sh(script: string, env: Record<string, string> = {}, timeoutMs = 20_000): Sh {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), ...env }, timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A scratch directory; when running as root, owned by `uid` so a server that refuses root can use it. */
export function scratch(uid?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-server-'));
  if (uid !== undefined) {
    chownSync(dir, uid, uid);
    chmodSync(dir, 0o700);
  }
  return dir;
}

/**
 * PostgreSQL (initdb refuses root) and any server started as root run as nobody instead, through util-linux
 * setpriv, like the pod's runAsUser.
 */
export const NOBODY = 65534;
export function asUser(uid: number | undefined, argv: string[]): string[] {
  return uid === undefined ? argv : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...argv];
}
export const runAsNobody = (): number | undefined => (process.getuid?.() === 0 ? NOBODY : undefined);

export interface Server {
  port: number;
  dir: string;
  child: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

/** Start `argv` as a child (its output kept for failure messages); stop() signals that pid and waits. */
export function startServer(argv: string[], port: number, dir: string, stopSignal: NodeJS.Signals = 'SIGTERM', env?: NodeJS.ProcessEnv): Server {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    dir,
    child,
    log: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Poll `check` until it returns true or `ms` have passed. */
export async function until(check: () => boolean, ms: number, what: string, log?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${log ? `\n${log()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * PostgreSQL (Debian's postgresql) initialised like the official image: the admin is POSTGRES_USER with a scram
 * password over TCP (trust only on the local socket); the main database is created by the caller. `args` go
 * after the test's own, like the rendered container args after the image's CMD.
 */
export async function startPostgres(admin: string, password: string, args: readonly string[] = []): Promise<Server> {
  const bin = postgresBin();
  program('psql');
  const uid = runAsNobody();
  const dir = scratch(uid);
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  if (uid !== undefined) chownSync(pwfile, uid, uid);
  const initdb = asUser(uid, [join(bin, 'initdb'), '-D', join(dir, 'data'), '-U', admin, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const init = spawnSync(initdb[0]!, initdb.slice(1), { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stderr}`);
  const port = await freePort();
  const server = startServer(asUser(uid, [join(bin, 'postgres'), '-D', join(dir, 'data'), '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', ...args]), port, dir, 'SIGINT');
  await until(() => sh(`pg_isready -q -h 127.0.0.1 -p ${port}`).status === 0, 30_000, 'postgres to accept connections', server.log);
  return server;
}

/**
 * MariaDB (Debian's mariadb-server; .ci/run installs it), standing in for MySQL: the mysql catalog entry's
 * scripts use only what both servers and clients share. Initialised like the image: root with a password,
 * reachable over TCP as root@'%'. --skip-name-resolve makes a TCP connection from 127.0.0.1 match root@'%'
 * rather than the socket-only root@localhost.
 */
export async function startMariadb(rootPassword: string): Promise<Server> {
  const uid = runAsNobody();
  const dir = scratch(uid);
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const install = asUser(uid, [program('mariadb-install-db'), '--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const r = spawnSync(install[0]!, install.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr}${r.stdout}`);
  const port = await freePort();
  const server = startServer(
    asUser(uid, [program('mariadbd', ['/usr/sbin']), '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--pid-file=${join(dir, 'mysqld.pid')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0']),
    port,
    dir,
  );
  await until(() => sh(`mariadb-admin --no-defaults -S "$S" -u root ping`, { S: socket }).status === 0, 30_000, 'mariadb to accept connections', server.log);
  const setup = sh(`mariadb --no-defaults -S "$S" -u root -e "$Q"`, {
    S: socket,
    // "normal" root authentication also creates root@127.0.0.1 and root@::1 without a password; they would match first.
    Q: `DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1'; CREATE USER 'root'@'%' IDENTIFIED BY '${rootPassword.replace(/'/g, "''")}'; GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;`,
  });
  if (setup.status !== 0) {
    await server.stop();
    throw new Error(`mariadb root setup failed: ${setup.stderr}`);
  }
  return server;
}

/**
 * `argv` the way a pod runs it (image-audit.md §0): as `uid`:`uid` with no supplementary groups, in a private
 * mount namespace whose root filesystem is read-only except `writable` (bind-mounted onto themselves first, the
 * stand-ins for emptyDirs and the data volume). unshare, sh and setpriv each exec the next, so the returned argv's
 * pid is the server's own. Needs root (CAP_SYS_ADMIN); otherwise the program runs as the current user, unconfined.
 */
export function confined(uid: number, writable: string[], argv: string[]): string[] {
  if (process.getuid?.() !== 0) return argv;
  const script = 'set -e; mount --make-rprivate /; for d in $CONFINED_WRITABLE; do mount --bind "$d" "$d"; done; mount -o remount,bind,ro /; exec "$@"';
  return ['env', `CONFINED_WRITABLE=${writable.join(' ')}`, 'unshare', '-m', 'sh', '-c', script, 'confined', ...asUser(uid, argv)];
}

/** The real scripts of Debian's rabbitmq-server, which the image has on its PATH too (/usr/sbin holds a wrapper that insists on the rabbitmq user). */
export const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

export interface RabbitmqServer extends Server {
  /** The environment of the server, which its CLI tools (the probes) need too: node name, cookie home, epmd port. */
  env: Record<string, string>;
  managementPort: number;
}

/**
 * RabbitMQ (Debian's rabbitmq-server) as the pod runs it: as `uid` under a read-only root, HOME = the data
 * directory holding the Erlang cookie, configuration from `conf` (rabbitmq.conf syntax; the caller points its
 * listeners at loopback ports) and `plugins` (the enabled_plugins file), the default user from the environment.
 * epmd and the distribution port are moved to free loopback ports so parallel runs never meet; stop() also stops
 * the epmd this server started.
 */
export async function startRabbitmq(opts: { uid: number; user: string; password: string; cookie: string; conf: (ports: { amqp: number; management: number; prometheus: number }) => string; plugins: string; writeCookie: (home: string) => Sh }): Promise<RabbitmqServer> {
  program('rabbitmq-server', [RABBITMQ_BIN]);
  const dir = scratch(process.getuid?.() === 0 ? opts.uid : undefined);
  const home = join(dir, 'home');
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'conf.d'), { recursive: true });
  mkdirSync(home);
  const [amqp, management, prometheus, dist, epmd] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  writeFileSync(join(etc, 'conf.d', '10-slipway.conf'), opts.conf({ amqp, management, prometheus }));
  writeFileSync(join(etc, 'enabled_plugins'), opts.plugins);
  if (process.getuid?.() === 0) for (const p of [home, etc, join(etc, 'conf.d')]) chownSync(p, opts.uid, opts.uid);
  const env: Record<string, string> = {
    PATH: `${RABBITMQ_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    LANG: 'C.UTF-8',
    RABBITMQ_CONF_ENV_FILE: '/dev/null',
    RABBITMQ_NODENAME: 'rabbit@localhost',
    RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
    RABBITMQ_LOG_BASE: join(home, 'log'),
    RABBITMQ_PID_FILE: join(home, 'rabbit.pid'),
    RABBITMQ_CONFIG_FILES: join(etc, 'conf.d'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(etc, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(etc, 'enabled_plugins'),
    RABBITMQ_DIST_PORT: String(dist),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_PORT: String(epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_DEFAULT_USER: opts.user,
    RABBITMQ_DEFAULT_PASS: opts.password,
  };
  const cookie = opts.writeCookie(home);
  if (cookie.status !== 0) throw new Error(`writing the Erlang cookie failed: ${cookie.stderr}`);
  const s = startServer(confined(opts.uid, [dir], [join(RABBITMQ_BIN, 'rabbitmq-server')]), amqp, dir, 'SIGTERM', env);
  const stop = s.stop.bind(s);
  return {
    ...s,
    env,
    managementPort: management,
    async stop() {
      await stop();
      spawnSync('epmd', ['-port', String(epmd), '-kill'], { encoding: 'utf8' });
    },
  };
}

/**
 * NATS (Debian's nats-server) as the pod runs it: as `uid` under a read-only root with the rendered configuration,
 * whose store_dir, client and monitor ports the caller has pointed at `dir` and loopback ports.
 */
export async function startNats(opts: { uid: number; conf: (p: { dir: string; client: number; monitor: number }) => string; env: Record<string, string> }): Promise<Server & { monitorPort: number }> {
  const bin = program('nats-server', ['/usr/sbin']);
  const dir = scratch(process.getuid?.() === 0 ? opts.uid : undefined);
  const [client, monitor] = [await freePort(), await freePort()];
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, opts.conf({ dir, client, monitor }));
  const s = startServer(confined(opts.uid, [dir], [bin, '--config', conf]), client, dir, 'SIGTERM', { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env });
  return { ...s, stop: s.stop.bind(s), monitorPort: monitor };
}
