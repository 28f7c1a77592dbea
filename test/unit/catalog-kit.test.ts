/**
 * The public catalog kit, proven by a third-party entry (test/fixtures/catalog-kit-entry, Memcached) that imports
 * only `slipway/catalog-kit`: its options are validated with located diagnostics, it is recognised by its image,
 * the JSON Schema carries its options, and its objects match a golden. Plus the built-in side of the same
 * contract: defaults, recognition and redis options.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { analyzeObjects } from '../../src/analyze/analyze.js';
import { draftStack } from '../../src/analyze/draft-stack.js';
import { recognizeImage } from '../../src/analyze/recognize.js';
import { loadCompose } from '../../src/import/compose-project.js';
import { importCompose } from '../../src/import/import-compose.js';
import { builtinCatalog, builtinEntries } from '../../src/catalog/builtin.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { withDefaults } from '../../src/catalog/define.js';
import { echoEntry } from '../catalog-fixtures.js';
import { stackSchemaJson } from '../../src/catalog/json-schema.js';
import { renderStack } from '../../src/commands/render.js';
import { parseStack } from '../../src/load/load-stack.js';
import { validateStack } from '../../src/validate/validate.js';
import { FIXTURE_DIR, FIXTURE_MODULE, memcachedEntry } from '../catalog-kit-fixture.js';
import { diagnose, tempDir } from '../helpers.js';

const memcached = await memcachedEntry();
const catalog = createCatalog([...builtinEntries, memcached]);
const diagnoseWith = (text: string) => validateStack(parseStack(text, 'stack.yaml'), { catalog }).diagnostics;
const stack = (options: string) => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [cache]\ninfra:\n  cache:\n    type: memcached\n    options: ${options}\n`;

test('the fixture package imports nothing but slipway and slipway/catalog-kit', () => {
  const source = readFileSync(FIXTURE_MODULE, 'utf8');
  const specifiers = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
  assert.ok(specifiers.length > 0);
  for (const s of specifiers) assert.ok(s === 'slipway' || s === 'slipway/catalog-kit', `the fixture imports ${s}`);
  const pkg = JSON.parse(readFileSync(join(FIXTURE_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.match(pkg.dependencies.slipway ?? '', /^file:/);
});

test('a third-party entry is unknown without its catalog, and renders with it', () => {
  assert.ok(diagnose(stack('{}')).some((d) => d.code === 'unknown-infra-type'));
  assert.deepEqual(diagnoseWith(stack('{}')), []);
});

test('options: an unknown key is located, with did-you-mean', () => {
  const [d, ...rest] = diagnoseWith(stack('{memoryMb: 128}'));
  assert.deepEqual(rest, []);
  assert.deepEqual([d!.code, d!.message, d!.hint, d!.path, d!.line, d!.col], ['unknown-key', 'unknown key "memoryMb"', 'did you mean "memoryMB"?', 'infra.cache.options.memoryMb', 9, 15]);
});

test('options: a value outside the schema is located at the value', () => {
  const [d, ...rest] = diagnoseWith(stack('{memoryMB: 4}'));
  assert.deepEqual(rest, []);
  assert.deepEqual([d!.code, d!.line, d!.col], ['out-of-range', 9, 25]);
  assert.match(d!.message, /must be at least 16/);
  const [t] = diagnoseWith(stack('{maxConnections: lots}'));
  assert.deepEqual([t!.code, t!.path], ['wrong-type', 'infra.cache.options.maxConnections']);
});

test('options: schema defaults fill what the stack leaves out; given values win', () => {
  const args = (options: string) => {
    const { objects } = renderStack(parseStack(stack(options), 'stack.yaml'), { catalog });
    const sts = objects.find((o) => o.kind === 'StatefulSet') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    return sts.spec.template.spec.containers[0]!.args;
  };
  assert.deepEqual(args('{}'), ['memcached', '-m', '64', '-c', '1024']);
  assert.deepEqual(args('{memoryMB: 256}'), ['memcached', '-m', '256', '-c', '1024']);
});

test('the fixture stack renders to its golden objects (UPDATE_GOLDEN=1 to accept)', () => {
  const { text } = renderStack(parseStack(readFileSync(join(FIXTURE_DIR, 'stack.yaml'), 'utf8'), 'stack.yaml'), { catalog });
  const golden = join(FIXTURE_DIR, 'objects.yaml');
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
  assert.ok(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`);
  assert.equal(text, readFileSync(golden, 'utf8'));
  // No data volume: memcached keeps nothing on disk.
  assert.doesNotMatch(text, /volumeClaimTemplates/);
});

test('recognition: the catalog in use decides which images are catalog infra', () => {
  assert.deepEqual(memcached.recognize('memcached:1.6.25'), { official: true });
  assert.deepEqual(memcached.recognize('registry.local/bitnami/memcached:1'), { official: false });
  assert.equal(memcached.recognize('redis:7'), undefined);
  assert.deepEqual(recognizeImage('memcached:1.6'), { family: 'memcached', catalog: false });
  assert.deepEqual(recognizeImage('memcached:1.6', catalog), { family: 'memcached', catalog: true });
  // Built-in entries: the official repository wins over another entry's alias; other builds map by alias.
  assert.equal(builtinCatalog.recognize('docker.io/library/postgres:17')?.entry.type, 'postgresql');
  assert.deepEqual(builtinCatalog.recognize('bitnami/mariadb:11') && { type: builtinCatalog.recognize('bitnami/mariadb:11')!.entry.type, official: builtinCatalog.recognize('bitnami/mariadb:11')!.official }, { type: 'mysql', official: false });
  assert.equal(builtinCatalog.recognize('clickhouse/clickhouse-server:25.8')?.official, true);
  assert.equal(builtinCatalog.recognize('nginx:1.27'), undefined);
});

test('the JSON Schema carries each type’s options, so editors complete and check them', () => {
  const schema = JSON.parse(stackSchemaJson(catalog)) as object;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const doc = (text: string) => parse(text) as unknown;
  assert.equal(validate(doc(stack('{memoryMB: 128}'))), true, JSON.stringify(validate.errors));
  assert.equal(validate(doc(stack('{memoryMb: 128}'))), false);
  // The published file is the built-in catalog's: redis options, and none for postgresql.
  const published = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync('schema/slipway.schema.json', 'utf8')));
  const infra = (type: string, options: string) => doc(`name: x\ninfra:\n  a:\n    type: ${type}\n    options: ${options}\n`);
  assert.equal(published(infra('redis', '{maxmemory: 256mb, maxmemoryPolicy: allkeys-lru}')), true, JSON.stringify(published.errors));
  assert.equal(published(infra('redis', '{maxmemory: lots}')), false);
  assert.equal(published(infra('postgresql', '{x: 1}')), false);
});

test('external fields are per entry: kafka takes brokers, postgresql does not (located, with did-you-mean and the type that takes it)', () => {
  const ext = (type: string, external: string) => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [x]\ninfra:\n  x:\n    type: ${type}\n    mode: external\n    external: ${external}\n`;
  assert.deepEqual(diagnoseWith(ext('kafka', '{brokers: [k1.example.internal:9092]}')), []);
  const [brokers, ...rest] = diagnoseWith(ext('postgresql', '{host: db.example.internal, brokers: [k1:9092], passwordSecret: {name: db-pass}}'));
  assert.deepEqual(rest, []);
  assert.deepEqual([brokers!.code, brokers!.message, brokers!.path, brokers!.line, brokers!.col], ['unknown-key', 'unknown key "brokers"', 'infra.x.external.brokers', 10, 43]);
  assert.match(brokers!.hint ?? '', /brokers is a field of kafka's external, not postgresql's$/);
  const [typo] = diagnoseWith(ext('postgresql', '{hots: db.example.internal, passwordSecret: {name: db-pass}}'));
  assert.deepEqual([typo!.code, typo!.hint, typo!.path], ['unknown-key', 'did you mean "host"?', 'infra.x.external.hots']);
  // The third-party entry declares its own external field through the public kit, and drops the ones it has no use for.
  assert.deepEqual(diagnoseWith(ext('memcached', '{servers: [m1.example.internal:11211, m2.example.internal:11211]}')), []);
  const [user] = diagnoseWith(ext('memcached', '{servers: [m1:11211], user: app}'));
  assert.deepEqual([user!.code, user!.path], ['unknown-key', 'infra.x.external.user']);
  const { objects } = renderStack(parseStack(ext('memcached', '{servers: [m1.example.internal:11211, m2.example.internal:11211]}'), 'stack.yaml'), { catalog });
  const api = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } };
  assert.equal(api.spec.template.spec.containers[0]!.env.find((e) => e.name === 'MEMCACHED_SERVERS')?.value, 'm1.example.internal:11211,m2.example.internal:11211');

  // Editors see the same per type: the published schema and a catalog's own.
  const published = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync('schema/slipway.schema.json', 'utf8')));
  const doc = (text: string) => parse(text) as unknown;
  assert.equal(published(doc(ext('kafka', '{brokers: [k1:9092]}'))), true, JSON.stringify(published.errors));
  assert.equal(published(doc(ext('postgresql', '{host: h, brokers: [k1:9092]}'))), false);
  const own = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(stackSchemaJson(catalog)) as object);
  assert.equal(own(doc(ext('memcached', '{servers: [m1:11211]}'))), true, JSON.stringify(own.errors));
  assert.equal(own(doc(ext('memcached', '{servers: [m1:11211], database: x}'))), false);
});

test('redis options reach the server, and only when set (the example goldens stay as they were)', () => {
  const redisStack = (options: string) => `name: shop\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    uses: [cache]\ninfra:\n  cache:\n    type: redis\n${options}`;
  const args = (text: string) => {
    const sts = renderStack(parseStack(text, 'stack.yaml')).objects.find((o) => o.kind === 'StatefulSet') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    return sts.spec.template.spec.containers[0]!.args.join(' ');
  };
  assert.doesNotMatch(args(redisStack('')), /maxmemory/);
  assert.match(args(redisStack('    options: {maxmemory: 200mb, maxmemoryPolicy: allkeys-lfu}\n')), / --maxmemory 200mb --maxmemory-policy allkeys-lfu$/);
});

test('defineCatalogEntry fills the common defaults; a later entry of a type replaces the earlier one', () => {
  const e = echoEntry();
  assert.deepEqual([e.supportsDatabases, e.needsPassword, e.maxReplicas, e.options], [false, true, 1, undefined]);
  const internal = { mode: 'internal', image: 'mirror/echo:2' } as Parameters<typeof e.clientImage>[0];
  assert.equal(e.clientImage(internal), 'mirror/echo:2');
  assert.equal(e.clientImage({ ...internal, mode: 'external' }), 'acme/echo:1');
  const redis2 = { ...builtinCatalog.entry('redis')!, description: 'mine' };
  const c = createCatalog([...builtinEntries, redis2]);
  assert.equal(c.entry('redis')!.description, 'mine');
  assert.deepEqual(c.types(), builtinCatalog.types());
  // Every built-in entry takes options now; an entry without a schema refuses them.
  const withEcho = createCatalog([...builtinEntries, e]);
  const echoed = validateStack(parseStack('name: x\ninfra:\n  a: {type: echo, options: {}}\n', 'stack.yaml'), { catalog: withEcho }).diagnostics;
  assert.ok(diagnoseWith(stack('{}')).length === 0 && echoed.some((d) => d.message === 'infra type "echo" takes no options'));
});

test('analyze and import ask the catalog they are given: a rendered memcached is infra only to a catalog that has it', () => {
  const { objects } = renderStack(parseStack(readFileSync(join(FIXTURE_DIR, 'stack.yaml'), 'utf8'), 'stack.yaml'), { catalog });
  const node = analyzeObjects(objects, catalog).graph.nodes.find((n) => n.name === 'sessions');
  assert.deepEqual([node?.kind, node?.type], ['infra', 'memcached']);
  // The draft stack names the entry only for a catalog that has it; the built-in one keeps it a service.
  const draft = (c?: typeof catalog) => parse(draftStack(objects, analyzeObjects(objects, c), c)) as { infra?: Record<string, { type?: string }>; services?: Record<string, unknown> };
  assert.equal(draft(catalog).infra?.sessions?.type, 'memcached');
  assert.ok(draft().services?.sessions && !draft().infra?.sessions);

  const dir = tempDir();
  const compose = join(dir, 'compose.yaml');
  writeFileSync(compose, 'services:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    environment:\n      MEMCACHED: cache:11211\n  cache:\n    image: memcached:1.6.25\n');
  const imported = importCompose(loadCompose(compose), catalog);
  const spec = parse(imported) as { infra?: Record<string, { type: string }>; services: Record<string, unknown> };
  assert.equal(spec.infra?.cache?.type, 'memcached');
  assert.deepEqual(validateStack(parseStack(imported, 'imported.yaml'), { catalog }).diagnostics.filter((d) => (d.severity ?? 'error') === 'error'), []);
  const plain = parse(importCompose(loadCompose(compose))) as { infra?: Record<string, unknown>; services: Record<string, unknown> };
  assert.ok(plain.services.cache && !plain.infra?.cache, 'the built-in catalog runs memcached as a plain service');
});

test('option defaults: every level of nested objects, without touching what the stack gave', () => {
  const schema = { properties: { a: { default: 1 }, b: { default: { x: 1 } }, n: { properties: { deep: { default: 'd' }, keep: { default: 'k' } } } } };
  const given = { n: { keep: 'mine' } };
  assert.deepEqual(withDefaults(schema, given), { a: 1, b: { x: 1 }, n: { keep: 'mine', deep: 'd' } });
  assert.deepEqual(given, { n: { keep: 'mine' } });
});
