/** Infra env, args and files (catalog/infra-config.ts, generate/infra-config.ts) and the entries' own config options. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderStack } from '../../src/commands/render.js';
import { parseStack } from '../../src/load/load-stack.js';
import { flagsOf } from '../../src/catalog/infra-config.js';
import { kafkaEnvName } from '../../src/catalog/kafka-config.js';
import { checkClickhouseFile, xmlProblem } from '../../src/catalog/clickhouse-config.js';
import { CONFIG_HASH } from '../../src/generate/infra-config.js';
import { CATALOG_CTX, echoEntry, internalInfra } from '../catalog-fixtures.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';

type Obj = Record<string, any>;

const stackOf = (infra: string, extra = '') => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [x]\ninfra:\n  x:\n${infra}${extra}`;
const render = (text: string, environment?: string) => renderStack(parseStack(text, 'stack.yaml'), environment ? { environment } : {}).objects as Obj[];
const sts = (objects: Obj[]) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'x')!;
const server = (objects: Obj[]) => sts(objects).spec.template.spec.containers[0];

describe('generic files', () => {
  const ch = (content: string) =>
    render(stackOf(`    type: clickhouse\n    files:\n      limits.xml: "${content}"\n      /etc/clickhouse-server/users.d/ro.xml: "<clickhouse><profiles><ro><readonly>1</readonly></ro></profiles></clickhouse>"\n`));

  it('go into one ConfigMap, each mounted read-only with subPath (a name into the config dir, a path as written)', () => {
    const objects = ch('<clickhouse><max_concurrent_queries>50</max_concurrent_queries></clickhouse>');
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'x-files')!;
    assert.deepEqual(Object.keys(cm.data).sort(), ['etc_clickhouse-server_config.d_limits.xml', 'etc_clickhouse-server_users.d_ro.xml']);
    const mounts = server(objects).volumeMounts.filter((m: Obj) => m.name === 'slipway-files');
    assert.deepEqual(
      mounts.map((m: Obj) => [m.mountPath, m.subPath, m.readOnly]),
      [
        ['/etc/clickhouse-server/users.d/ro.xml', 'etc_clickhouse-server_users.d_ro.xml', true],
        ['/etc/clickhouse-server/config.d/limits.xml', 'etc_clickhouse-server_config.d_limits.xml', true],
      ],
    );
    // The image's config.d (docker_related_config.xml: listen on every address) is never covered by a volume.
    assert.ok(!server(objects).volumeMounts.some((m: Obj) => m.mountPath === '/etc/clickhouse-server/config.d'));
    assert.deepEqual(sts(objects).spec.template.spec.volumes.find((v: Obj) => v.name === 'slipway-files').configMap, { name: 'x-files' });
  });

  it('roll the StatefulSet when their content changes (subPath mounts never update in place)', () => {
    const a = sts(ch('<clickhouse><max_concurrent_queries>50</max_concurrent_queries></clickhouse>')).spec.template.metadata.annotations[CONFIG_HASH];
    const b = sts(ch('<clickhouse><max_concurrent_queries>60</max_concurrent_queries></clickhouse>')).spec.template.metadata.annotations[CONFIG_HASH];
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.notEqual(a, b);
    assert.equal(sts(render(stackOf('    type: clickhouse\n'))).spec.template.metadata.annotations, undefined);
  });
});

describe('env and args', () => {
  it("come after the entry's own, per environment, and only for internal instances", () => {
    const text = stackOf(
      '    type: postgresql\n    env: {TZ: UTC}\n',
      'environments:\n  dev: {}\n  prod:\n    infra:\n      x:\n        env: {PGTZ: Europe/Berlin}\n        args: ["-c", "log_min_duration_statement=500"]\n  stage:\n    infra:\n      x:\n        mode: external\n        external: {host: db.example.com, passwordSecret: {name: pg}}\n',
    );
    const dev = server(render(text, 'dev'));
    assert.equal(dev.env.at(-1).name, 'TZ');
    assert.ok(dev.env.findIndex((e: Obj) => e.name === 'POSTGRES_USER') < dev.env.length - 1);
    assert.equal(dev.args, undefined);
    const prod = server(render(text, 'prod'));
    assert.deepEqual(prod.env.slice(-2), [{ name: 'TZ', value: 'UTC' }, { name: 'PGTZ', value: 'Europe/Berlin' }]);
    assert.deepEqual(prod.args, ['-c', 'log_min_duration_statement=500']);
    // External: nothing of slipway's runs, so the configuration is not an error either.
    assert.equal(render(text, 'stage').find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'x'), undefined);
  });

  it('flags are compared by name: --x, --x=1 and -c name=value', () => {
    assert.deepEqual(flagsOf(['redis-server', '--requirepass', '$(P)', '--dir=/data', '-c', 'work_mem=1MB', '-c', 'plain', 'x']), ['--requirepass', '--dir', '-c work_mem', '-c']);
  });
});

describe('entry options', () => {
  it('postgresql: settings as -c arguments in name order, sharedMemory sizes /dev/shm', () => {
    const c = sts(render(stackOf('    type: postgresql\n    options: {settings: {work_mem: 64MB, jit: false, max_connections: 200}, sharedMemory: 1Gi}\n')));
    assert.deepEqual(c.spec.template.spec.containers[0].args, ['-c', 'jit=off', '-c', 'max_connections=200', '-c', 'work_mem=64MB']);
    assert.deepEqual(c.spec.template.spec.volumes.find((v: Obj) => v.name === 'dshm').emptyDir, { medium: 'Memory', sizeLimit: '1Gi' });
    const plain = sts(render(stackOf('    type: postgresql\n')));
    assert.equal(plain.spec.template.spec.volumes.find((v: Obj) => v.name === 'dshm').emptyDir.sizeLimit, '256Mi');
  });

  it('kafka: properties become the KAFKA_* names the image maps back', () => {
    assert.deepEqual(
      ['log.retention.hours', 'auto.create.topics.enable', 'listener.name.internal.ssl.key_password', 'some-dashed.name'].map(kafkaEnvName),
      ['KAFKA_LOG_RETENTION_HOURS', 'KAFKA_AUTO_CREATE_TOPICS_ENABLE', 'KAFKA_LISTENER_NAME_INTERNAL_SSL_KEY__PASSWORD', 'KAFKA_SOME___DASHED_NAME'],
    );
    const env = server(render(stackOf('    type: kafka\n    options: {serverProperties: {log.retention.hours: 72}}\n'))).env;
    assert.deepEqual(env.at(-1), { name: 'KAFKA_LOG_RETENTION_HOURS', value: '72' });
  });

  it('mysql: conf.d files next to the image’s own, each by subPath', () => {
    const objects = render(stackOf('    type: mysql\n    options: {confD: {tuning.cnf: "[mysqld]\\ninnodb_buffer_pool_size = 1G\\n"}}\n'));
    const m = server(objects).volumeMounts.find((v: Obj) => v.name === 'slipway-files');
    assert.deepEqual([m.mountPath, m.readOnly], ['/etc/mysql/conf.d/tuning.cnf', true]);
  });

  it('clickhouse: XML is checked with a real parser, positions inside the file', () => {
    assert.deepEqual(xmlProblem('<clickhouse>\n  <a>1</b>\n</clickhouse>'), { error: '2:10: unexpected close tag.', root: 'clickhouse' });
    assert.equal(checkClickhouseFile('/etc/clickhouse-server/config.d/a.xml', '<clickhouse><a x="1"/></clickhouse>'), undefined);
    assert.match(checkClickhouseFile('/etc/clickhouse-server/config.d/a.xml', '<config><a/></config>')?.hint ?? '', /<clickhouse>/);
    assert.match(checkClickhouseFile('/etc/clickhouse-server/config.d/a.xml', '<clickhouse>&nbsp;</clickhouse>')?.message ?? '', /undefined entity/);
    assert.match(checkClickhouseFile('/etc/clickhouse-server/users.d/a.yaml', 'profiles: [')?.message ?? '', /not valid YAML/);
    assert.match(checkClickhouseFile('/etc/clickhouse-server/config.d/a.conf', 'x')?.message ?? '', /only \.xml, \.yaml and \.yml/);
  });
});

describe('redis with Sentinel: the flags its start script passes', () => {
  it('refuses args and options.config that would override them', async () => {
    const { validateStack } = await import('../../src/validate/validate.js');
    const clashes = (infra: string) =>
      validateStack(parseStack(stackOf(infra), 'stack.yaml'))
        .diagnostics.filter((x) => x.code === 'infra-config-clash')
        .map((x) => x.message);
    assert.deepEqual(clashes('    type: redis\n    replicas: 3\n    args: ["--hz", "20", "--requirepass", "x", "--replica-announce-ip", "y", "--replicaof", "h 6379"]\n'), [
      "argument --requirepass is managed by slipway's redis entry",
      "argument --replica-announce-ip is managed by slipway's redis entry",
      "argument --replicaof is managed by slipway's redis entry",
    ]);
    assert.deepEqual(clashes('    type: redis\n    replicas: 3\n    options: { config: { requirepass: x, masterauth: y, hz: 20 } }\n'), [
      "argument --requirepass is managed by slipway's redis entry",
      "argument --masterauth is managed by slipway's redis entry",
    ]);
    // One server names its own flags as such (corpus 331); the ones only the script passes are reserved there too.
    assert.deepEqual(clashes('    type: redis\n    args: ["--requirepass", "x", "--port", "7000"]\n'), [
      "argument --requirepass is set by slipway's redis entry itself",
      "argument --port is managed by slipway's redis entry",
    ]);
  });

  it('builds the script\'s own flags from the reserved list', async () => {
    const { redisScript, SET_FLAGS } = await import('../../src/catalog/redis-sentinel.js');
    const script = redisScript(internalInfra('redis', { replicas: 3 }), CATALOG_CTX, 6379, []);
    assert.match(script, /set -- --port 6379 --requirepass "\$REDIS_PASSWORD" --masterauth "\$REDIS_PASSWORD" --appendonly yes --dir \/data --replica-announce-ip "\$me" "\$@"/);
    for (const f of SET_FLAGS) assert.ok(builtinCatalog.entry('redis')!.reservedFlags![f.flag], f.flag);
  });
});

describe('an entry without a server StatefulSet', () => {
  it('refuses configuration that would reach nothing', async () => {
    const { createCatalog } = await import('../../src/catalog/catalog.js');
    const { builtinEntries } = await import('../../src/catalog/builtin.js');
    const { validateStack } = await import('../../src/validate/validate.js');
    const echo = echoEntry({ needsPassword: false });
    const catalog = createCatalog([...builtinEntries, echo]);
    const d = validateStack(parseStack(stackOf('    type: echo\n    env: {A: "1"}\n'), 'stack.yaml'), { catalog }).diagnostics;
    assert.ok(d.some((x) => x.code === 'infra-config-clash' && /"x" runs no StatefulSet of slipway.s/.test(x.message)), JSON.stringify(d));
  });
});

describe('reserved flags', () => {
  it('postgresql: args may not move the port, addresses or data directory the entry depends on', async () => {
    const { validateStack } = await import('../../src/validate/validate.js');
    const d = validateStack(parseStack(stackOf('    type: postgresql\n    args: ["-c", "work_mem=1MB", "-c", "port=5433", "-p", "5434", "-D", "/tmp/x"]\n'), 'stack.yaml')).diagnostics;
    assert.deepEqual(
      d.filter((x) => x.code === 'infra-config-clash').map((x) => x.message),
      ["argument -c port is managed by slipway's postgresql entry", "argument -p is managed by slipway's postgresql entry", "argument -D is managed by slipway's postgresql entry"],
    );
  });
});
