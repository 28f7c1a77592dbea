/**
 * up / status / logs / history / rollback / down through the built binary against the real control plane.
 * Each test works in its own namespace (-n).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI, slipway, stackFile, tempDir } from '../helpers.js';
import { healthyOperatorReports } from './cnpg.js';
import { STACKS } from '../stacks.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName, provideNodePools } from './kube.js';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { microTime } from '../../src/lifecycle/lease.js';
import { clusterNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';

const SHOP = (extra = '', apiEnv = 'info') => `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: {http: 8080}
    env: {LOG_LEVEL: ${apiEnv}}
    uses: [db, migrate]
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.4.2, uses: [db]}
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    user: 101
    ports: {http: 8080}
    writable: [/var/cache/nginx]
    uses: [api]
${extra}infra:
  db: {type: postgresql}
`;

/** A component `up` waits on for a minute (no node matches it): a reliable moment to interrupt a run. */
const STUCK = '  stuck:\n    image: ghcr.io/acme/stuck:1.0.0\n    ports: {http: 8080}\n    timeout: 60\n    placement: {nodeSelector: {pool: none}}\n';

/**
 * Start `up` and send `signal` once it reports waiting on the stuck component; returns the exit code (null when
 * killed by the signal). A shell watches and signals, not this process: the other tests here run slipway with
 * spawnSync, which blocks this process's event loop for minutes, so a 'data' handler here would fire too late.
 */
function interruptWhileWaiting(file: string, ns: string, signal: NodeJS.Signals): { code: number | null; out: string } {
  const log = join(tempDir(), 'up.log');
  // set -m: without job control a background job ignores SIGINT, and the test would prove nothing.
  const script = `set -m
"$0" "$1" up -f "$2" -n "$3" > "$4" 2>&1 & pid=$!
for _ in $(seq 1 1800); do grep -q "waiting for stuck" "$4" && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -s "$5" $pid 2>/dev/null
wait $pid; echo $?`;
  const r = spawnSync('bash', ['-c', script, process.execPath, CLI, file, ns, log, signal.replace(/^SIG/, '')], { encoding: 'utf8' });
  const status = Number(r.stdout.trim());
  const out = readFileSync(log, 'utf8');
  return { code: status === 128 + 9 && signal === 'SIGKILL' ? null : status, out };
}

/**
 * What slipway last wrote to each object, by kind/name: the spec generation plus the time of slipway's own
 * server-side-apply entry. Unlike resourceVersion, it does not move when controllers update status.
 */
function versions(ns: string): Map<string, string> {
  const list = JSON.parse(kubectlOk(['get', 'deployment,statefulset,job,service,configmap,serviceaccount', '-n', ns, '--show-managed-fields', '-o', 'json'])) as {
    items: { kind: string; metadata: { name: string; generation?: number; managedFields?: { manager: string; operation: string; time: string }[] } }[];
  };
  return new Map(
    list.items.map((o) => {
      const mine = o.metadata.managedFields?.find((f) => f.manager === 'slipway' && f.operation === 'Apply');
      return [`${o.kind}/${o.metadata.name}`, `${o.metadata.generation ?? 0}@${mine?.time ?? '-'}`];
    }),
  );
}

describe('lifecycle', { concurrency: true }, () => {
  test('up reaches Ready; a second up changes nothing; one env var rolls only that workload', () => {
    const ns = namespaceName('lc-up');
    const file = stackFile(SHOP());
    const first = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /deployed revision 1/);
    assert.match(first.stdout, /ready db/);
    assert.match(first.stdout, /generated Secret db-credentials/);
    const before = versions(ns);
    const again = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /up to date \(no changes\)/);
    assert.deepEqual(versions(ns), before, 'a no-op up writes nothing');
    assert.match(again.stdout, /^(?!.*(created|configured) ).*$/s, 'nothing reported as created or configured');
    writeFileSync(file, SHOP('', 'debug'));
    const changed = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(changed.status, 0, changed.stderr);
    const after = versions(ns);
    const moved = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
    assert.deepEqual(moved, ['Deployment/api'], 'only the api Deployment changed');
    const history = slipway(['history', '-f', file, '-n', ns, '-o', 'json']);
    const revisions = JSON.parse(history.stdout) as { revision: number; status: string }[];
    assert.deepEqual(revisions.map((r) => [r.revision, r.status]), [[1, 'superseded'], [2, 'deployed']]);
    dropNamespace(ns);
  });

  test('status shows every component ready; diff shows exactly the pending change, with --exit-code', () => {
    const ns = namespaceName('lc-status');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', file, '-n', ns]).status, 0);
    const rows = JSON.parse(slipway(['status', file, '-n', ns, '-o', 'json']).stdout) as { component: string; kind: string; ready: number; desired: number; problem?: string }[];
    assert.deepEqual(rows.map((r) => `${r.component}:${r.kind}`).sort(), ['api:Deployment', 'db:StatefulSet', 'migrate:Job', 'web:Deployment']);
    for (const r of rows.filter((x) => x.kind !== 'Job')) assert.equal(r.ready, r.desired, `${r.component} ready`);
    assert.match(slipway(['status', file, '-n', ns]).stdout, /^COMPONENT\s+KIND\s+READY/);
    for (const r of rows as unknown as { component: string; age: string }[]) assert.match(r.age, /^\d+(s|m\d*s?)$/, `${r.component} has a real AGE`);
    const clean = slipway(['diff', file, '-n', ns, '--exit-code']);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, 'no changes\n');
    writeFileSync(file, SHOP('', 'debug'));
    const pending = slipway(['diff', file, '-n', ns, '--exit-code']);
    assert.equal(pending.status, 4, pending.stderr);
    assert.match(pending.stdout, /~ Deployment\/.*\/api\n    spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: "info" → "debug"/);
    assert.doesNotMatch(pending.stdout, /Deployment\/.*\/web|StatefulSet/, 'nothing else would change');
    dropNamespace(ns);
  });

  test('removing a service prunes it and nothing else; foreign objects survive', () => {
    const ns = namespaceName('lc-prune');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    kubectlOk(['create', 'configmap', 'not-ours', '-n', ns, '--from-literal=a=b']);
    kubectlOk(['create', 'deployment', 'foreign', '-n', ns, '--image=busybox:1.37.0']);
    writeFileSync(file, SHOP().replace(/  web:\n(    .*\n)+/, ''));
    const r = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /deleted Deployment\/.*\/web/);
    assert.notEqual(kubectl(['get', 'deployment', 'web', '-n', ns]).status, 0, 'web is gone');
    assert.equal(kubectl(['get', 'serviceaccount', 'web', '-n', ns]).status, 1, "web's ServiceAccount is gone");
    assert.equal(kubectl(['get', 'deployment', 'api', '-n', ns]).status, 0, 'api stays');
    assert.equal(kubectl(['get', 'configmap', 'not-ours', '-n', ns]).status, 0, 'foreign ConfigMap survives');
    assert.equal(kubectl(['get', 'deployment', 'foreign', '-n', ns]).status, 0, 'foreign Deployment survives');
    dropNamespace(ns);
  });

  test('a workload that can never be scheduled fails up with the scheduler\'s reason', () => {
    const ns = namespaceName('lc-fail');
    // The component's own timeout (8 s) applies, not the run's default (300 s).
    const file = stackFile(`name: stuck\nservices:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    ports: {http: 8080}\n    timeout: 8\n    placement: {nodeSelector: {pool: does-not-exist}}\n`);
    const r = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /Deployment\/api: not ready after 8s/);
    assert.match(r.stdout + r.stderr, /didn't match Pod's node affinity\/selector/);
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { status: string }[];
    assert.equal(history.at(-1)!.status, 'failed');
    dropNamespace(ns);
  });

  test('a concurrent up is refused with the holder; --force-unlock takes over', () => {
    const ns = namespaceName('lc-lock');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    kubectlOk(['create', '-n', ns, '-f', '-'], `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: slipway-lock.shop.default}\nspec: {holderIdentity: "ci@runner-7 pid 42", acquireTime: "2026-11-22T01:00:00.000000Z", renewTime: "${microTime(new Date())}", leaseDurationSeconds: 60}\n`);
    const refused = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /locked by ci@runner-7 pid 42 since 2026-11-22T01:00:00/);
    assert.match(refused.stderr, /--force-unlock/);
    const taken = slipway(['up', '-f', file, '-n', ns, '--force-unlock']);
    assert.equal(taken.status, 0, taken.stderr);
    assert.notEqual(kubectl(['get', 'lease', 'slipway-lock.shop.default', '-n', ns]).status, 0, 'the lock is released at the end');
    dropNamespace(ns);
  });

  test('kill -9 in the middle of up, then up converges', async () => {
    const ns = namespaceName('lc-kill');
    const file = stackFile(SHOP(STUCK));
    const { code, out } = await interruptWhileWaiting(file, ns, 'SIGKILL');
    assert.equal(code, null, `killed mid-run:\n${out}`);
    writeFileSync(file, SHOP());
    const r = slipway(['up', '-f', file, '-n', ns, '--force-unlock']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.notEqual(kubectl(['get', 'deployment', 'stuck', '-n', ns]).status, 0, 'the half-applied component left the stack and was pruned');
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { revision: number; status: string }[];
    assert.deepEqual(history.map((h) => [h.revision, h.status]), [[1, 'interrupted'], [2, 'deployed']], 'the killed run is not left pending');
    kubectlOk(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']);
    const again = slipway(['up', '-f', file, '-n', ns]);
    assert.match(again.stdout, /up to date/);
    dropNamespace(ns);
  });

  test('Ctrl-C during up: exit 3, lock released, revision marked interrupted, next up converges', async () => {
    const ns = namespaceName('lc-sigint');
    const file = stackFile(SHOP(STUCK));
    const { code, out } = await interruptWhileWaiting(file, ns, 'SIGINT');
    assert.equal(code, 3, out);
    assert.notEqual(kubectl(['get', 'lease', 'slipway-lock.shop.default', '-n', ns]).status, 0, 'a clean interrupt releases the lock');
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { status: string }[];
    assert.equal(history.at(-1)!.status, 'interrupted');
    writeFileSync(file, SHOP());
    const again = slipway(['up', '-f', file, '-n', ns]);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /deployed revision 2/);
    dropNamespace(ns);
  });

  test('rollback restores the previous revision', () => {
    const ns = namespaceName('lc-rollback');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    writeFileSync(file, SHOP('', 'debug').replace('ghcr.io/acme/api:1.4.2', 'ghcr.io/acme/api:1.5.0'));
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const image = () => kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    assert.equal(image(), 'ghcr.io/acme/api:1.5.0');
    const r = slipway(['rollback', '-f', file, '-n', ns]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /data migrations .*not undone/i);
    assert.equal(image(), 'ghcr.io/acme/api:1.4.2');
    const history = JSON.parse(slipway(['history', '-f', file, '-n', ns, '-o', 'json']).stdout) as { revision: number; status: string; rollbackOf?: number }[];
    assert.deepEqual(history.at(-1), { ...history.at(-1), revision: 3, status: 'deployed', rollbackOf: 1 });
    dropNamespace(ns);
  });

  test('down keeps data volumes and credentials; down --purge --yes removes them', () => {
    const ns = namespaceName('lc-down');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const down = slipway(['down', '-f', file, '-n', ns]);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stdout, /kept PersistentVolumeClaim\/.*\/data-db-0/);
    assert.match(down.stdout, /kept Secret\/.*\/db-credentials/);
    assert.notEqual(kubectl(['get', 'statefulset', 'db', '-n', ns]).status, 0);
    assert.equal(kubectl(['get', 'pvc', 'data-db-0', '-n', ns]).status, 0);
    assert.equal(kubectl(['get', 'secret', 'db-credentials', '-n', ns]).status, 0);
    const refused = slipway(['down', '-f', file, '-n', ns, '--purge']);
    assert.equal(refused.status, 2, 'purge without --yes is refused when not interactive');
    const purge = slipway(['down', '-f', file, '-n', ns, '--purge', '--yes']);
    assert.equal(purge.status, 0, purge.stderr);
    assert.notEqual(kubectl(['get', 'pvc', 'data-db-0', '-n', ns]).status, 0);
    assert.notEqual(kubectl(['get', 'secret', 'db-credentials', '-n', ns]).status, 0);
  });

  test('logs returns the lines the cluster serves, prefixed by pod', () => {
    const ns = namespaceName('lc-logs');
    const file = stackFile(SHOP());
    assert.equal(slipway(['up', '-f', file, '-n', ns]).status, 0);
    const r = slipway(['logs', 'api', '-f', file, '-n', ns]);
    assert.equal(r.status, 0, r.stderr);
    const served = /pod logs:\s+(\S+)/.exec(spawnSync('bash', ['scripts/test-cluster', 'status'], { encoding: 'utf8' }).stdout)?.[1];
    assert.ok(served, 'test-cluster status names the served log file');
    // CRI log lines: "<time> <stream> <F|P> <message>".
    const first = readFileSync(served!, 'utf8').split('\n')[0]!.split(' ').slice(3).join(' ');
    assert.ok(r.stdout.split('\n').some((l) => /^api-[a-z0-9]+-[a-z0-9]+\/api \| /.test(l) && l.endsWith(first)), r.stdout);
    const json = slipway(['logs', 'api', '-f', file, '-n', ns, '-o', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const lines = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { pod: string; container: string; line: string });
    assert.ok(lines.length > 0 && lines.every((l) => /^api-[a-z0-9]+-[a-z0-9]+$/.test(l.pod) && l.container === 'api'), json.stdout);
    assert.ok(lines.some((l) => l.line.endsWith(first)), json.stdout);
    const db = slipway(['logs', 'db', '-f', file, '-n', ns]);
    assert.equal(db.status, 0, db.stderr);
    assert.ok(db.stdout.split('\n').some((l) => /^db-0\/[a-z0-9-]+ \| /.test(l) && l.endsWith(first)), `infra logs:\n${db.stdout}`);
    dropNamespace(ns);
  });
});

describe('up of every example', { concurrency: true }, () => {
  for (const { name, file } of STACKS) {
    test(`${name} (prod) reaches Ready`, () => {
      const ns = namespaceName(`lc-ex-${name}`.slice(0, 30));
      // A multi-cluster prod (feature-platform's regions) goes to its first cluster, on the test cluster's context.
      const [cluster] = clusterNames(loadStack(file).data as StackSpec, 'prod');
      const where = cluster ? ['--cluster', cluster, '--context', kubectlOk(['config', 'current-context']).trim()] : [];
      provideNodePools(renderStack(loadStack(file), { environment: 'prod', ...(cluster ? { cluster } : {}) }).objects);
      // Prod examples use managed servers whose password Secrets are the user's: do what preflight says, running
      // its hints as written (placeholder values), then let slipway own the namespace created for them.
      const check = slipway(['preflight', file, '-e', 'prod', '-n', ns, ...where, '-o', 'json']);
      const adopt: string[] = [];
      if (check.status !== 0) {
        assert.equal(check.status, 2, check.stdout + check.stderr);
        const { diagnostics } = JSON.parse(check.stdout) as { diagnostics: { code: string; hint: string }[] };
        assert.ok(diagnostics.every((d) => d.code === 'preflight-namespace' || d.code === 'preflight-secret'), check.stdout);
        kubectlOk(['create', 'namespace', ns]);
        for (const d of diagnostics.filter((x) => x.code === 'preflight-secret')) {
          const run = spawnSync('bash', ['-c', d.hint], { encoding: 'utf8' });
          assert.equal(run.status, 0, `${d.hint}: ${run.stderr}`);
        }
        adopt.push('--adopt-namespace');
      }
      // An operator's resources (nova's CloudNativePG Cluster) are Ready once the operator reports so.
      const operator = healthyOperatorReports(ns);
      const r = slipway(['up', '-f', file, '-e', 'prod', '-n', ns, '--timeout', '180', ...where, ...adopt]);
      operator.stop();
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /deployed revision 1/);
      dropNamespace(ns);
    });
  }
});
