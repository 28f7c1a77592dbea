/**
 * The Job wait's API access, against the real API server: with the token of a service's own ServiceAccount and
 * the Role slipway generates, the exact `kubectl wait` of the init container succeeds, while any other Job, a
 * plain list of Jobs, and anything else stay forbidden.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { K8sObject } from '../../src/k8s/object.js';
import { applyRendered, dropNamespace, kubectlOk, namespaceName, writeTemp, type Result } from './kube.js';

const STACK = `name: waits
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [migrate]}
  migrate: {kind: job, image: ghcr.io/acme/migrate:1.0.0}
  seed: {kind: job, image: ghcr.io/acme/seed:1.0.0}
`;

/** A kubeconfig that authenticates only with `token`, against the test cluster's server and CA. */
function tokenKubeconfig(token: string): string {
  const view = (path: string) => kubectlOk(['config', 'view', '--raw', '--minify', '-o', `jsonpath={${path}}`]).trim();
  const server = view('.clusters[0].cluster.server');
  const caData = view('.clusters[0].cluster.certificate-authority-data');
  const ca = caData ? `certificate-authority-data: ${caData}` : `certificate-authority: ${view('.clusters[0].cluster.certificate-authority')}`;
  return writeTemp(
    'token.kubeconfig',
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: ${server}, ${ca}}}]
users: [{name: u, user: {token: ${token}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
}

function asService(kubeconfig: string, args: string[]): Result {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, KUBECONFIG: kubeconfig } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

test('the wait Role lets kubectl wait follow exactly the Jobs the service waits for', () => {
  const ns = namespaceName('wait-rbac');
  const result = applyRendered(STACK, ns);

  const jobs = result.objects.filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
  const migrate = jobs.find((j) => j.startsWith('migrate-'))!;
  const seed = jobs.find((j) => j.startsWith('seed-'))!;
  kubectlOk(['wait', '--for=condition=complete', `job/${migrate}`, `job/${seed}`, '-n', ns, '--timeout=120s'], undefined, 150_000);

  const api = result.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api') as K8sObject & { spec: { template: { spec: { initContainers: { name: string; command: string[] }[] } } } };
  const wait = api.spec.template.spec.initContainers.find((c) => c.name === 'wait-migrate')!;
  assert.equal(wait.command[0], 'kubectl');

  const token = kubectlOk(['create', 'token', 'api', '-n', ns, '--duration=10m']).trim();
  const kubeconfig = tokenKubeconfig(token);
  const waited = asService(kubeconfig, [...wait.command.slice(1), '-n', ns]);
  assert.equal(waited.status, 0, `the init container's own command:\n${waited.stderr}`);

  const other = asService(kubeconfig, ['wait', '--for=condition=complete', `job/${seed}`, '-n', ns, '--timeout=10s']);
  assert.notEqual(other.status, 0);
  assert.match(other.stderr, /forbidden/i, 'a Job the service does not wait for is not readable');
  const list = asService(kubeconfig, ['get', 'jobs', '-n', ns]);
  assert.notEqual(list.status, 0);
  assert.match(list.stderr, /forbidden/i, 'listing every Job is not allowed');
  for (const [verb, resource] of [['list', 'jobs'], ['get', 'secrets'], ['list', 'pods']] as const) {
    assert.equal(asService(kubeconfig, ['auth', 'can-i', verb, resource, '-n', ns]).stdout.trim(), 'no', `${verb} ${resource}`);
  }
  dropNamespace(ns);
});
