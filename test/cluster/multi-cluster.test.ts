/**
 * Multi-cluster environments against two real control planes at once: the shared test cluster and a second one
 * this file starts. `up` of the environment deploys to both in parallel with each cluster's overrides; status and
 * history answer per cluster; a failure in one cluster is reported with its name while the other still deploys;
 * the lock and history are each cluster's own; `down` empties both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { after, before, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { kubectlOk, namespaceName, requireCluster } from './kube.js';

const SECOND = 'slipway-test-b';
let both = '';
let contexts: { east: string; west: string };

function testCluster(...args: string[]): string {
  const r = spawnSync('bash', ['scripts/test-cluster', ...args], { encoding: 'utf8', env: { ...process.env, SLIPWAY_CLUSTER_NAME: SECOND, SLIPWAY_CLUSTER_NODES: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`scripts/test-cluster ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout.trim().split('\n').pop() ?? '';
}

before(() => {
  requireCluster();
  const second = testCluster('start');
  both = `${process.env.KUBECONFIG}${delimiter}${second}`;
  contexts = { east: kubectlOk(['config', 'current-context']).trim(), west: kubectlOk(['--kubeconfig', second, 'config', 'current-context']).trim() };
});

after(() => {
  if (!process.env.SLIPWAY_KEEP_CLUSTER) testCluster('stop');
});

const run = (args: string[]) => slipway(args, { env: { KUBECONFIG: both } });
function on(context: string, args: string[]) {
  const r = spawnSync('kubectl', ['--context', context, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: both } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const onWest = (args: string[]) => on(contexts.west, args);
const onEast = (args: string[]) => on(contexts.east, args);

function stack(extra = ''): string {
  return `name: regions
infra:
  db: { type: postgresql }
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: { http: 8080 }
    uses: [db]${extra}
environments:
  prod:
    profile: default
    clusters:
      east:
        context: ${contexts.east}
        services: { api: { replicas: 2 } }
      west:
        context: ${contexts.west}
        services: { api: { replicas: 1 } }
`;
}

test('up, status, history and down fan out over two clusters; a failure in one does not stop the other', () => {
  const ns = namespaceName('multi');
  const file = stackFile(stack());

  const up = run(['up', '-f', file, '-e', 'prod', '-n', ns, '--timeout', '240']);
  assert.equal(up.status, 0, up.stderr + up.stdout);
  assert.match(up.stdout, /^\[east\] /m, 'progress lines carry their cluster');
  assert.match(up.stdout, /^\[west\] /m);
  assert.match(up.stdout, /^── cluster east \(context .*\) ──\ndeployed revision 1/m);
  assert.match(up.stdout, /2 clusters of prod: east ok, west ok/);
  // Each cluster got its own overrides.
  assert.equal(onEast(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}']).stdout, '2');
  assert.equal(onWest(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}']).stdout, '1');

  const status = run(['status', '-f', file, '-e', 'prod', '-n', ns, '-o', 'json']);
  assert.equal(status.status, 0, status.stderr);
  const byCluster = JSON.parse(status.stdout) as { environment: string; clusters: { cluster: string; ok: boolean; result: { component: string; ready: number; desired: number }[] }[] };
  assert.deepEqual(byCluster.clusters.map((c) => c.cluster), ['east', 'west']);
  const api = (c: string) => byCluster.clusters.find((x) => x.cluster === c)!.result.find((r) => r.component === 'api')!;
  assert.equal(api('east').desired, 2);
  assert.equal(api('west').desired, 1);

  // One cluster asked for: the command's own output, as on a single-cluster environment.
  const one = run(['status', '-f', file, '-e', 'prod', '-n', ns, '--cluster', 'west', '-o', 'json']);
  assert.equal(one.status, 0, one.stderr);
  assert.ok(Array.isArray(JSON.parse(one.stdout)), 'status --cluster west prints that cluster’s rows');

  // A Secret only east has: west's preflight refuses (exit 2, nothing written there) while east deploys.
  assert.equal(onEast(['create', 'secret', 'generic', 'regional-token', '-n', ns, '--from-literal=token=x']).status, 0);
  const withSecret = stackFile(stack(`\n    env: { TOKEN: "\${secrets.regional-token.token}" }\nsecrets:\n  regional-token: { existing: true }`));
  const partial = run(['up', '-f', withSecret, '-e', 'prod', '-n', ns, '--timeout', '240']);
  assert.equal(partial.status, 2, `west's user error is the exit code: ${partial.stderr}`);
  assert.match(partial.stdout, /── cluster east .*──\ndeployed revision 2/, 'east still deployed');
  assert.match(partial.stdout, /east ok, west FAILED \(exit 2\)/);
  assert.match(partial.stderr, /regional-token.*\(in environment "prod", cluster "west"\)|cluster "west"/, 'the failure names its cluster');

  // diff against both clusters: east is up to date, west still lacks the change its preflight refused.
  const diff = run(['diff', '-f', withSecret, '-e', 'prod', '-n', ns, '--exit-code', '-o', 'json']);
  assert.equal(diff.status, 4, `changes in one cluster are exit 4: ${diff.stderr}`);
  const diffs = JSON.parse(diff.stdout) as { clusters: { cluster: string; result: { object: string; action: string }[] }[] };
  assert.deepEqual(diffs.clusters.find((c) => c.cluster === 'east')!.result, [], 'east has what the stack says');
  assert.ok(diffs.clusters.find((c) => c.cluster === 'west')!.result.some((d) => d.action === 'update' && /Deployment\/.*api/.test(d.object)), diff.stdout);

  const history = run(['history', '-f', withSecret, '-e', 'prod', '-n', ns, '-o', 'json']);
  assert.equal(history.status, 0, history.stderr);
  const revisions = JSON.parse(history.stdout) as { clusters: { cluster: string; result: { revision: number; status: string }[] }[] };
  const latest = (c: string) => Math.max(...revisions.clusters.find((x) => x.cluster === c)!.result.map((r) => r.revision));
  assert.equal(latest('east'), 2, 'east recorded its second revision');
  assert.equal(latest('west'), 1, 'west kept its own history: nothing was recorded by the refused run');
  // The lock is each cluster's own: nothing is left held in either.
  for (const on of [onEast, onWest]) assert.equal(on(['get', 'lease', '-n', ns, '-o', 'name']).stdout.trim(), '', 'no lock left behind');

  const down = run(['down', '-f', withSecret, '-e', 'prod', '-n', ns]);
  assert.equal(down.status, 0, down.stderr + down.stdout);
  for (const on of [onEast, onWest]) assert.notEqual(on(['get', 'deployment', 'api', '-n', ns]).status, 0, 'api is gone');
  for (const on of [onEast, onWest]) on(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

test('commands that act on one cluster ask which, and --context cannot stand for several clusters', () => {
  const file = stackFile(stack());
  const logs = run(['logs', 'api', '-f', file, '-e', 'prod']);
  assert.equal(logs.status, 2);
  assert.match(logs.stderr, /deployed to several clusters \(east, west\).*\[cluster-required\]/);
  const ctx = run(['status', '-f', file, '-e', 'prod', '--context', contexts.east]);
  assert.equal(ctx.status, 2);
  assert.match(ctx.stderr, /--context names one cluster/);
  const unknown = run(['status', '-f', file, '-e', 'prod', '--cluster', 'north']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /has no cluster "north"/);
});
