/**
 * Init scripts on the real control plane: the data-pipeline example's provisioning Jobs (PostgreSQL's own
 * databases + Prefect's script; ClickHouse's raw, vault, marts, quality) complete before the services that use
 * those servers are applied; a second `up` sends nothing; `--rerun-init` starts a new Job, and an unknown
 * script name is refused before anything is written. (kwok completes Job pods; the scripts' effects on real
 * servers are proven in test/unit/init-scripts-server.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { slipway } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName, provideNodePools } from './kube.js';

const FILE = 'examples/data-pipeline/slipway.yaml';

interface Item {
  metadata: { name: string };
  data?: Record<string, string>;
  status?: { succeeded?: number };
  spec?: { template: { spec: { containers: { command: string[] }[]; volumes: { name: string; configMap?: { name: string } }[] } } };
}
const items = (kind: string, ns: string) => (JSON.parse(kubectlOk(['get', kind, '-n', ns, '-o', 'json'])) as { items: Item[] }).items;
const events = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);

test('data-pipeline: init Jobs complete before their users start; a second up sends nothing; --rerun-init runs a new Job', () => {
  const ns = namespaceName('d2-init');
  provideNodePools(renderStack(loadStack(FILE), { environment: 'dev' }).objects);
  try {
    run(ns);
  } finally {
    dropNamespace(ns);
  }
});

function run(ns: string): void {
  const up = slipway(['up', '-f', FILE, '-e', 'dev', '-n', ns, '-o', 'json']);
  assert.equal(up.status, 0, up.stdout + up.stderr);
  const log = events(up.stdout);
  const at = (pred: (e: Record<string, string>) => boolean, what: string) => {
    const i = log.findIndex(pred);
    assert.ok(i >= 0, `${what} in\n${up.stdout}`);
    return i;
  };
  const ready = (c: string) => at((e) => e.type === 'ready' && e.component === c, `${c} ready`);
  const applied = (kind: string, name: string) => at((e) => e.type === 'applied' && (e.object ?? '').startsWith(`${kind}/`) && (e.object ?? '').endsWith(`/${name}`), `${kind} ${name} applied`);
  // A server's step is ready only once its provisioning Job is complete; its waiting users are applied after that.
  assert.ok(ready('clickhouse') < applied('Deployment', 'prefect-worker'));
  assert.ok(ready('postgres') < applied('Deployment', 'prefect-server'));

  const jobs = items('jobs', ns);
  const job = (infra: string) => jobs.find((j) => j.metadata.name.startsWith(`${infra}-provision-`));
  for (const infra of ['postgres', 'clickhouse']) assert.equal(job(infra)?.status?.succeeded, 1, `${infra}'s provisioning Job completed`);
  const maps = items('configmaps', ns);
  const chInit = maps.find((m) => m.metadata.name.startsWith('clickhouse-init-'))!;
  assert.deepEqual(Object.keys(chInit.data!).sort(), ['01-raw.sql', '02-vault.sql', '03-marts.sql', '04-quality.sql']);
  assert.equal(chInit.data!['03-marts.sql'], readFileSync('examples/data-pipeline/init/clickhouse/marts.sql', 'utf8'));
  assert.equal(job('clickhouse')!.spec!.template.spec.volumes.find((v) => v.name === 'init')?.configMap?.name, chInit.metadata.name);

  const again = slipway(['up', '-f', FILE, '-e', 'dev', '-n', ns]);
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /up to date \(no changes\)/);

  const unknown = slipway(['up', '-f', FILE, '-e', 'dev', '-n', ns, '--rerun-init', 'clickhouse/mart.sql']);
  assert.equal(unknown.status, 2, unknown.stdout + unknown.stderr);
  assert.match(unknown.stderr, /--rerun-init clickhouse\/mart\.sql: no such init script/);
  assert.match(unknown.stderr, /clickhouse\/marts\.sql/);

  const rerun = slipway(['up', '-f', FILE, '-e', 'dev', '-n', ns, '--rerun-init', 'clickhouse/marts.sql']);
  assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
  const after = items('jobs', ns).filter((j) => j.metadata.name.startsWith('clickhouse-provision-'));
  assert.equal(after.length, 1, 'the previous Job was pruned');
  assert.notEqual(after[0]!.metadata.name, job('clickhouse')!.metadata.name);
  assert.equal(after[0]!.status?.succeeded, 1);
  const script = after[0]!.spec!.template.spec.containers[0]!.command[2]!;
  assert.match(script, /init clickhouse\/marts\.sql: changed, re-run as asked/);
  assert.doesNotMatch(script, /init clickhouse\/raw\.sql: changed, re-run as asked/);

  const down = slipway(['down', '-f', FILE, '-e', 'dev', '-n', ns]);
  assert.equal(down.status, 0, down.stdout + down.stderr);
}
