/**
 * Init scripts before any server: files read next to the stack, located errors through the binary, names that
 * follow the content (a changed script is a new ConfigMap and a new Job, an unchanged one the same), the plan
 * placing each provisioning Job in its server's step ahead of the server's users, --rerun-init checked, and the
 * termination message of a finished Job turned into `up`'s note.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { buildGraph } from '../../src/graph/build.js';
import { planWaves } from '../../src/plan/waves.js';
import { reportChangedInit } from '../../src/lifecycle/init-report.js';
import type { LifecycleEvent } from '../../src/lifecycle/events.js';
import type { ClusterPort } from '../../src/cluster/port.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { slipway, tempDir } from '../helpers.js';

type Obj = Record<string, any>;

function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return join(dir, 'slipway.yaml');
}

const STACK = `name: shop
services:
  api: {image: ghcr.io/acme/api:1.4.2, uses: [{db: {database: orders}}, warehouse]}
infra:
  db:
    type: mysql
    init:
      - {file: sql/orders.sql, database: orders}
  warehouse:
    type: clickhouse
    init:
      - {name: layers, database: marts, sql: "CREATE TABLE IF NOT EXISTS daily (d Date) ENGINE = MergeTree ORDER BY d"}
`;

const names = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Job' || (o.kind === 'ConfigMap' && o.metadata.name.includes('-init-'))).map((o) => o.metadata.name).sort();

test('script files are read relative to the stack file; the ConfigMap carries them in order, the Job mounts it', () => {
  const file = project({ 'slipway.yaml': STACK, 'sql/orders.sql': 'CREATE TABLE IF NOT EXISTS orders (id int);\n' });
  const objects = renderStack(loadStack(file)).objects as Obj[];
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('db-init-'))!;
  assert.deepEqual(cm.data, { '01-orders.sql': 'CREATE TABLE IF NOT EXISTS orders (id int);\n' });
  const ch = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('warehouse-provision-'))!;
  const script: string = ch.spec.template.spec.containers[0].command[2];
  // ClickHouse: the named database is created first, and the script runs in it.
  assert.match(script, /ch --query 'CREATE DATABASE IF NOT EXISTS marts'/);
  assert.match(script, /ch --database marts --queries-file "\$INIT_DIR"\/'01-layers'/);
  assert.deepEqual(
    ch.spec.template.spec.containers[0].env.map((e: Obj) => e.name),
    ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'INIT_DIR'],
  );
  assert.equal(ch.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name, 'warehouse-credentials', 'the password comes from the Secret, never the script');
});

test('a changed script is a new ConfigMap and Job; the same stack renders the same names', () => {
  const file = project({ 'slipway.yaml': STACK, 'sql/orders.sql': 'CREATE TABLE IF NOT EXISTS orders (id int);\n' });
  const first = names(renderStack(loadStack(file)).objects);
  assert.deepEqual(names(renderStack(loadStack(file)).objects), first);
  writeFileSync(join(file, '..', 'sql/orders.sql'), 'CREATE TABLE IF NOT EXISTS orders (id bigint);\n');
  const second = names(renderStack(loadStack(file)).objects);
  const changed = second.filter((n) => !first.includes(n));
  assert.deepEqual(changed.map((n) => n.replace(/-[0-9a-f]{8}$/, '')), ['db-init', 'db-provision']);
  assert.ok(second.some((n) => n.startsWith('warehouse-provision-') && first.includes(n)), "the other server's Job is untouched");
});

test('the plan puts each provisioning Job in its server step, and the server users after it', () => {
  const file = project({ 'slipway.yaml': STACK, 'sql/orders.sql': 'SELECT 1;\n' });
  const r = renderStack(loadStack(file));
  const steps = planWaves(r.objects, buildGraph(r.resolved)).flatMap((w) => w.steps);
  for (const infra of ['db', 'warehouse']) {
    const step = steps.find((s) => s.component === infra)!;
    assert.ok(step.wait);
    assert.ok(step.objects.some((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${infra}-provision-`)), `${infra}'s Job is in its step`);
  }
  assert.deepEqual(steps.find((s) => s.component === 'api')!.after, ['db', 'warehouse']);
});

test('a missing script file: one located diagnostic with a hint, exit 2, no stack trace', () => {
  const file = project({ 'slipway.yaml': STACK });
  const r = slipway(['validate', file]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(out, /slipway\.yaml:8:16/);
  assert.match(out, /init script file not found: .*sql\/orders\.sql/);
  assert.match(out, /paths are relative to the folder of the stack file/);
  assert.doesNotMatch(out, /\n\s+at /);
});

test('--rerun-init: an infra name marks all its scripts, a script only itself, an unknown one is refused with a suggestion', () => {
  const file = project({ 'slipway.yaml': STACK, 'sql/orders.sql': 'SELECT 1;\n' });
  const loaded = loadStack(file);
  const flags = (asked: string[]) =>
    renderStack(loaded, { rerunInit: asked })
      .resolved.infra.flatMap((i) => (i.init ?? []).map((s) => `${i.name}/${s.name}:${s.rerun === true}`))
      .sort();
  assert.deepEqual(flags([]), ['db/orders.sql:false', 'warehouse/layers:false']);
  assert.deepEqual(flags(['db']), ['db/orders.sql:true', 'warehouse/layers:false']);
  assert.deepEqual(flags(['warehouse/layers']), ['db/orders.sql:false', 'warehouse/layers:true']);
  assert.throws(
    () => renderStack(loaded, { rerunInit: ['warehouse/layer'] }),
    (e: unknown) => e instanceof SlipwayError && e.exitCode === 2 && /no such init script/.test(e.message) && /warehouse\/layers/.test(e.diagnostics[0]!.hint ?? ''),
  );
});

test("up's note: the changed scripts a succeeded init Job reported in its termination message", async () => {
  const file = project({ 'slipway.yaml': STACK, 'sql/orders.sql': 'SELECT 1;\n' });
  const objects = renderStack(loadStack(file)).objects;
  const dbJob = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-provision-'))!.metadata.name;
  const asked: string[] = [];
  // Only list() is used: the pods of each init Job, by the label the Job controller puts on them.
  const client = {
    async list(_v: string, kind: string, _ns: string, selector: string) {
      asked.push(`${kind} ${selector}`);
      if (selector !== `batch.kubernetes.io/job-name=${dbJob}`) return [];
      const terminated = (exitCode: number, message: string) => ({ status: { containerStatuses: [{ state: { terminated: { exitCode, message } } }] } });
      return [terminated(1, 'init scripts changed but not re-run: db/ignored.sql'), terminated(0, 'init scripts changed but not re-run: db/orders.sql')];
    },
  } as unknown as ClusterPort;
  const events: LifecycleEvent[] = [];
  const changed = await reportChangedInit(client, 'shop', objects, (e) => events.push(e));
  assert.deepEqual(changed, ['db/orders.sql']);
  assert.deepEqual(events, [{ type: 'note', message: 'init script db/orders.sql changed; not re-run (use --rerun-init db/orders.sql)' }]);
  assert.equal(asked.length, 2, 'one list per init Job');
});
