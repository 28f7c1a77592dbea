/**
 * Real servers on loopback for tests that prove a rendered command or script against the program it talks to
 * (Debian's postgresql, mariadb-server and redis-server; .ci/run installs them). Each server listens on 127.0.0.1 only, on a
 * free port, in its own temporary directory, and is stopped by its own pid when the test ends.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
export function startServer(argv: string[], port: number, dir: string, stopSignal: NodeJS.Signals = 'SIGTERM'): Server {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
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
