/**
 * The prometheus entry's scrape configuration, run for real: the fixture stack goes up (production profile: the
 * discovery Role, NetworkPolicies and all, applied as rendered), then a Prometheus server (built from its Go module
 * with Kubernetes discovery, scripts/prometheus-bin) runs the configuration slipway applied, against the test API
 * server, as the entry's ServiceAccount (a token of it: only the generated Role's rights). Its /api/v1/targets must
 * list exactly the scraped components' pods with the namespace/component/pod labels, and the kube-state-metrics
 * pod the entry runs under the job the workload rules select. kwok pods run nothing, so the scrapes themselves
 * fail; discovery is what is proved. kube-state-metrics' own access is asked of the API server as its
 * ServiceAccount (`kubectl auth can-i --as`): list and watch on every kind its --resources names, in the stack's
 * namespace only.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { KSM_RESOURCES } from '../../src/catalog/kube-state-metrics.js';
import { slipway } from '../helpers.js';
import { prometheusBin } from '../prometheus-bin.js';
import { freePort } from '../servers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

type Obj = Record<string, any>;
const STACK = join('test', 'fixtures', 'prometheus', 'stack.yaml');

/** A kubeconfig for the test API server that authenticates as `token` (and trusts the cluster's CA). */
function tokenKubeconfig(token: string, dir: string): string {
  const admin = parse(kubectlOk(['config', 'view', '--raw', '--minify', '-o', 'yaml'])) as Obj;
  const cluster = admin.clusters[0];
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [cluster],
      users: [{ name: 'prom', user: { token } }],
      contexts: [{ name: 'prom', context: { cluster: cluster.name, user: 'prom' } }],
      'current-context': 'prom',
    }),
  );
  return file;
}

test('the generated scrape configuration discovers the scraped components\' pods through the API server, with the Role slipway made', async () => {
  const ns = namespaceName('prom');
  const dir = mkdtempSync(join(tmpdir(), 'slipway-prom-'));
  const bin = prometheusBin();
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const up = slipway(['up', '-f', STACK, '-e', 'prod', '-n', ns, '--timeout', '240']);
    assert.equal(up.status, 0, up.stderr + up.stdout);
    const sts = JSON.parse(kubectlOk(['get', 'statefulset', 'prom', '-n', ns, '-o', 'json'])) as Obj;
    assert.equal(sts.status.readyReplicas, 1);
    assert.equal(sts.spec.template.spec.securityContext.runAsUser, 65534);

    // The configuration as applied; only where to find the API server changes (the pod would use its mounted token).
    const config = parse(JSON.parse(kubectlOk(['get', 'configmap', 'prom-config', '-n', ns, '-o', 'json'])).data['prometheus.yml']) as Obj;
    const token = kubectlOk(['create', 'token', 'prom', '-n', ns, '--duration', '10m']).trim();
    const kubeconfig = tokenKubeconfig(token, dir);
    for (const job of config.scrape_configs) for (const sd of job.kubernetes_sd_configs ?? []) sd.kubeconfig_file = kubeconfig;
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, stringify(config));

    const port = await freePort();
    server = spawn(join(bin, 'prometheus'), [`--config.file=${file}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    server.stderr?.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-20_000)));

    const pods = (name: string) =>
      (JSON.parse(kubectlOk(['get', 'pods', '-n', ns, '-l', `app.kubernetes.io/name=${name}`, '-o', 'json'])) as Obj).items.map((p: Obj) => p.metadata.name).sort();
    const expected = { api: pods('api'), admin: pods('admin'), 'kube-state-metrics': pods('prom-kube-state-metrics') };
    assert.ok(expected.api.length > 0 && expected.admin.length > 0 && expected['kube-state-metrics'].length === 1);
    let targets: Obj[] = [];
    await until(
      () => `Prometheus did not discover the api and admin pods; targets: ${JSON.stringify(targets.map((t) => t.labels))}\nlog:\n${log}`,
      async () => {
        try {
          const r = (await (await fetch(`http://127.0.0.1:${port}/api/v1/targets?state=active`)).json()) as Obj;
          targets = r.data?.activeTargets ?? [];
        } catch {
          targets = [];
        }
        return targets.filter((t) => t.labels.job !== 'prometheus').length === expected.api.length + expected.admin.length + 1;
      },
    );
    for (const job of ['api', 'admin'] as const) {
      const mine = targets.filter((t) => t.labels.job === job);
      assert.deepEqual(mine.map((t) => t.labels.pod).sort(), expected[job], job);
      for (const t of mine) {
        assert.equal(t.labels.namespace, ns);
        assert.equal(t.labels.component, job);
        assert.equal(t.discoveredLabels.__meta_kubernetes_pod_container_port_name, job === 'api' ? 'metrics' : 'admin');
      }
    }
    assert.equal(targets.find((t) => t.labels.job === 'admin')?.scrapeUrl.endsWith(':8081/admin/metrics'), true);
    // kube-state-metrics: the job the rules select (job="kube-state-metrics"), its metrics port, its own labels kept.
    const ksm = targets.filter((t) => t.labels.job === 'kube-state-metrics');
    assert.equal(ksm.length, 1, JSON.stringify(ksm.map((t) => t.labels)));
    assert.deepEqual(ksm[0]!.labels, { instance: ksm[0]!.labels.instance, job: 'kube-state-metrics', namespace: ns });
    assert.equal(ksm[0]!.discoveredLabels.__meta_kubernetes_pod_name, expected['kube-state-metrics'][0]);
    assert.equal(ksm[0]!.discoveredLabels.__meta_kubernetes_pod_container_port_name, 'http-metrics');
    assert.match(ksm[0]!.scrapeUrl, /:8080\/metrics$/);
    const rules = JSON.parse(kubectlOk(['get', 'configmap', 'prom-rules', '-n', ns, '-o', 'json'])).data['slipway.rules.yaml'] as string;
    assert.match(rules, new RegExp(`kube_pod_container_status_waiting_reason\\{namespace="${ns}",job="${ksm[0]!.labels.job}",`));
    // Nothing else: not the job's pod, not Prometheus's own pod, not the api's http port, not the telemetry port.
    assert.deepEqual([...new Set(targets.map((t) => t.labels.job))].sort(), ['admin', 'api', 'kube-state-metrics', 'prometheus']);

    // What kube-state-metrics may read, asked of the API server as its ServiceAccount.
    const as = `--as=system:serviceaccount:${ns}:prom-kube-state-metrics`;
    const can = (verb: string, resource: string, where = ns) => kubectl(['auth', 'can-i', verb, resource, '-n', where, as]).stdout.trim();
    for (const [group, resources] of Object.entries(KSM_RESOURCES)) {
      for (const r of resources) {
        const resource = group ? `${r}.${group}` : r;
        for (const verb of ['list', 'watch']) assert.equal(can(verb, resource), 'yes', `${verb} ${resource}`);
        assert.equal(can('list', resource, 'default'), 'no', `list ${resource} in another namespace`);
      }
    }
    for (const [verb, resource] of [['list', 'secrets'], ['get', 'pods'], ['delete', 'pods'], ['list', 'configmaps']]) assert.equal(can(verb!, resource!), 'no', `${verb} ${resource}`);
    assert.equal(kubectl(['auth', 'can-i', 'list', 'nodes', as]).stdout.trim(), 'no');
    assert.equal(kubectl(['get', 'clusterrolebinding', '-o', 'name']).stdout.includes(ns), false, 'no ClusterRoleBinding for the stack');

    const down = slipway(['down', '-f', STACK, '-e', 'prod', '-n', ns]);
    assert.equal(down.status, 0, down.stderr + down.stdout);
  } finally {
    server?.kill();
    dropNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Poll `check` every second for up to two minutes (the first discovery and the target sync take a few seconds). */
async function until(what: () => string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(what());
}
