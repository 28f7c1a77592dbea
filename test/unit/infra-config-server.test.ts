/**
 * Infra configuration proven against real servers on loopback: PostgreSQL started with the rendered `-c`
 * arguments and Redis with the rendered directives report the values (SHOW, CONFIG GET); MariaDB's own option
 * file reader agrees with the conf.d check on what it refuses.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { checkMysqlFile } from '../../src/catalog/mysql-config.js';
import { freePort, program, scratch, type Server, sh, startPostgres, startServer, until } from '../servers.js';

type Obj = Record<string, any>;
const servers: Server[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

/** The server container of infra `name` as rendered from `infra`, a YAML block under `infra:`. */
function container(infra: string, name: string): Obj {
  const text = `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [${name}]\ninfra:\n${infra}`;
  const sts = renderStack(parseStack(text, 'stack.yaml')).objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name) as Obj;
  return sts.spec.template.spec.containers[0];
}

describe('PostgreSQL settings on a real server', () => {
  it('reports every rendered -c setting, from options.settings and from args', async () => {
    const c = container(
      ['  db:', '    type: postgresql', '    args: ["-c", "log_connections=on"]', '    options:', '      settings: {work_mem: 64MB, jit: false, statement_timeout: 5s, search_path: "app, public"}', ''].join('\n'),
      'db',
    );
    // The image's entrypoint puts `postgres` in front of arguments that start with a flag; the test server gets them
    // after its own, in the rendered order.
    assert.equal(c.args[0], '-c');
    const pg = await startPostgres('shop', 'pw', c.args);
    servers.push(pg);
    const show = (name: string) => sh(`psql -h 127.0.0.1 -p ${pg.port} -U shop -d postgres -tAc "SHOW ${name}"`, { PGPASSWORD: 'pw' }).stdout.trim();
    assert.deepEqual(
      ['work_mem', 'jit', 'statement_timeout', 'search_path', 'log_connections'].map(show),
      ['64MB', 'off', '5s', 'app, public', 'on'],
    );
    const source = sh(`psql -h 127.0.0.1 -p ${pg.port} -U shop -d postgres -tAc "SELECT source FROM pg_settings WHERE name = 'work_mem'"`, { PGPASSWORD: 'pw' }).stdout.trim();
    assert.equal(source, 'command line');
  });
});

describe('Redis directives on a real server', () => {
  it('reports every rendered --name value directive', async () => {
    const c = container(['  cache:', '    type: redis', '    options:', '      maxmemory: 64mb', '      config: {hz: 20, lazyfree-lazy-eviction: true, save: "3600 1 300 100", maxmemory-samples: 7}', ''].join('\n'), 'cache');
    const dir = scratch();
    const port = await freePort();
    // The rendered args verbatim, except what only a pod has: the password from the Secret and the /data volume.
    const args = (c.args as string[]).map((a) => (a === '$(REDIS_PASSWORD)' ? 'pw' : a === '/data' ? dir : a));
    assert.equal(args[0], 'redis-server');
    const s = startServer([program('redis-server'), ...args.slice(1), '--bind', '127.0.0.1', '--port', String(port)], port, dir);
    servers.push(s);
    const get = (name: string) => sh(`redis-cli -h 127.0.0.1 -p ${port} --raw CONFIG GET ${name}`, { REDISCLI_AUTH: 'pw' }).stdout.trim().split('\n')[1];
    await until(() => sh(`redis-cli -h 127.0.0.1 -p ${port} ping`, { REDISCLI_AUTH: 'pw' }).stdout.includes('PONG'), 10_000, 'redis', s.log);
    assert.deepEqual(['hz', 'lazyfree-lazy-eviction', 'save', 'maxmemory-samples', 'maxmemory'].map(get), ['20', 'yes', '3600 1 300 100', '7', String(64 * 1024 * 1024)]);
  });
});

describe('MySQL option files against MariaDB’s reader', () => {
  const read = (content: string) => {
    const file = join(scratch(), 'x.cnf');
    writeFileSync(file, content);
    return spawnSync(program('my_print_defaults'), [`--defaults-file=${file}`, 'mysqld'], { encoding: 'utf8' });
  };
  it('refuses what the reader refuses and accepts what it reads', () => {
    const bad = 'innodb_buffer_pool_size = 1G\n[mysqld]\n';
    assert.notEqual(read(bad).status, 0);
    assert.match(read(bad).stderr, /without preceding group/);
    assert.match(checkMysqlFile('/etc/mysql/conf.d/x.cnf', bad)?.message ?? '', /option before any \[group\]/);
    const good = '# tuning\n[mysqld]\ninnodb_buffer_pool_size = 1G\nskip-name-resolve\n; old style comment\n[client]\ndefault-character-set=utf8mb4\n';
    const r = read(good);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['--innodb_buffer_pool_size=1G', '--skip-name-resolve']);
    assert.equal(checkMysqlFile('/etc/mysql/conf.d/x.cnf', good), undefined);
  });
});
