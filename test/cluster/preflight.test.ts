/**
 * Preflight against the real API server. The test control plane runs no kubelet, so pods go Ready even when
 * the Secrets they read are missing: only this check stops `up` from "succeeding" with pods that could never
 * start. Missing things stop `up` with exit 2 before any write (no namespace, no lock, no history); once they
 * exist, `up` goes on. Custom kinds are checked with the API server's own discovery.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClusterClient } from '../../src/cluster/client.js';
import { checkPreflight } from '../../src/commands/preflight.js';
import { renderStack } from '../../src/commands/render.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { loadStack } from '../../src/load/load-stack.js';
import { slipway, tempDir } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName } from './kube.js';

const STACK = `name: pf
secrets:
  mail: {existing: true}
  app: {generate: {session: {length: 64, encoding: hex}}}
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080}
    env:
      MAIL_USER: "\${secrets.mail.user}"
      MAIL_PASSWORD: "\${secrets.mail.password}"
      SESSION: "\${secrets.app.session}"
    uses: [db]
infra:
  db:
    type: postgresql
    mode: external
    external: {host: db.example.com, passwordSecret: {name: db-pass, key: pw}}
`;

// Values the test puts into Secrets: none may ever appear in slipway's output.
const VALUES = ['mail-user-value-1', 'mail-password-value-2', 'db-password-value-3'];

function stackIn(text: string): string {
  const file = join(tempDir(), 'slipway.yaml');
  writeFileSync(file, text);
  return file;
}

/** slipway's own objects in the namespace: the lock Lease, history and generated Secrets, workloads. */
const slipwayObjects = (ns: string) => kubectlOk(['get', 'leases,secrets,deployments,services', '-n', ns, '-l', 'app.kubernetes.io/managed-by=slipway', '-o', 'name']).trim();

test('up stops with exit 2 and writes nothing while Secrets or keys are missing; once they exist it deploys', () => {
  const ns = namespaceName('preflight');
  const file = stackIn(STACK);
  const env = { SLIPWAY_SECRET_KEY: '' };

  // 1. The namespace does not exist: every needed Secret is missing, all reported at once, and nothing is created.
  const first = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(first.status, 2, first.stderr + first.stdout);
  assert.match(first.stderr, new RegExp(`namespace "${ns}" does not exist yet, so none of the 2 Secret\\(s\\) below can be in it`));
  assert.match(first.stderr, /Secret "db-pass" \(key pw\) does not exist/);
  assert.match(first.stderr, new RegExp(`kubectl -n ${ns} create secret generic db-pass --from-literal=pw=\\.\\.\\.`));
  assert.match(first.stderr, new RegExp(`kubectl -n ${ns} create secret generic mail --from-literal=password=\\.\\.\\. --from-literal=user=\\.\\.\\.`));
  // The generated Secret is slipway's to create, so it is not reported.
  assert.doesNotMatch(first.stderr, /Secret "app"/);
  assert.match(first.stderr, /slipway\.yaml:3:9: error: Secret "mail"/, 'located at the declaration');
  assert.doesNotMatch(first.stderr, /at .*\.js:\d+/, 'no stack trace');
  assert.notEqual(kubectl(['get', 'namespace', ns]).status, 0, 'no namespace (so no lock and no history either)');

  // The read-only command reports the same, also with exit 2.
  const check = slipway(['preflight', file, '-n', ns]);
  assert.equal(check.status, 2, check.stderr);
  assert.match(check.stderr, /3 errors/);

  // 2. The namespace and Secrets exist, but one key is missing: still exit 2, still nothing of slipway's written.
  kubectlOk(['create', 'namespace', ns]);
  kubectlOk(['create', 'secret', 'generic', 'mail', '-n', ns, `--from-literal=user=${VALUES[0]}`]);
  kubectlOk(['create', 'secret', 'generic', 'db-pass', '-n', ns, `--from-literal=pw=${VALUES[2]}`]);
  const second = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(second.status, 2, second.stderr + second.stdout);
  assert.match(second.stderr, new RegExp(`Secret "mail" in namespace "${ns}" has no key password; Deployment/api needs it`));
  assert.match(second.stderr, new RegExp(`kubectl -n ${ns} patch secret mail --type=merge -p '\\{"stringData":\\{"password":"\\.\\.\\."\\}\\}'`));
  assert.match(second.stderr, /1 error/);
  assert.equal(slipwayObjects(ns), '', 'no lock, no history, no generated Secret, no workload');

  // 3. With the key added (as the hint says), up deploys; no value is ever printed.
  kubectlOk(['patch', 'secret', 'mail', '-n', ns, '--type=merge', '-p', JSON.stringify({ stringData: { password: VALUES[1] } })]);
  const check2 = slipway(['preflight', file, '-n', ns]);
  assert.equal(check2.status, 0, check2.stderr);
  assert.match(check2.stdout, /Secret mail \(password, user\)/);
  const third = slipway(['up', '-f', file, '-n', ns], { env });
  assert.equal(third.status, 0, third.stderr + third.stdout);
  assert.match(kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'name']), /deployment.apps\/api/);
  for (const r of [first, check, second, check2, third]) for (const v of VALUES) assert.ok(!(r.stdout + r.stderr).includes(v), 'no secret value is printed');
  dropNamespace(ns);
});

test('--skip-preflight lets up go on without the Secrets (for ones another controller creates)', () => {
  const ns = namespaceName('preflight-skip');
  const r = slipway(['up', '-f', stackIn(STACK), '-n', ns, '--skip-preflight'], { env: { SLIPWAY_SECRET_KEY: '' } });
  // The control plane has no kubelet, so the pods go Ready anyway: exactly the gap preflight closes.
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(kubectl(['get', 'secret', 'mail', '-n', ns]).status, 1);
  dropNamespace(ns);
});

test('a kind without its CustomResourceDefinition is reported by discovery; once the CRD is established it passes', async () => {
  const ns = namespaceName('preflight-crd');
  kubectlOk(['create', 'namespace', ns]);
  const group = `pf${process.pid}.slipway.dev`;
  const loaded = loadStack(stackIn('name: crd\nservices:\n  api: {image: "ghcr.io/acme/api:1.0.0"}\n'));
  const rendered = renderStack(loaded, { namespace: ns });
  // slipway renders no custom resources of its own today; the check is generic over whatever the render holds.
  const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns } };
  const withWidget = { ...rendered, objects: [...rendered.objects, widget] };
  const client = ClusterClient.connect();

  await assert.rejects(checkPreflight(client, loaded, withWidget), (e: unknown) => {
    assert.ok(e instanceof SlipwayError && e.exitCode === 2);
    assert.deepEqual(e.diagnostics.map((d) => d.code), ['preflight-kind']);
    assert.equal(e.diagnostics[0]!.message, `the cluster does not serve kind Widget (${group}/v1), which the stack renders as Widget/w`);
    assert.match(e.diagnostics[0]!.hint!, new RegExp(`kubectl api-resources --api-group=${group.replace(/\./g, '\\.')}`));
    return true;
  });
  // Built-in kinds are never asked about: the render alone passes.
  assert.deepEqual((await checkPreflight(client, loaded, rendered)).checked.kinds, []);

  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  kubectlOk(['apply', '-f', '-'], JSON.stringify(crd));
  try {
    kubectlOk(['wait', '--for=condition=established', `crd/widgets.${group}`, '--timeout=60s']);
    const ok = await checkPreflight(ClusterClient.connect(), loaded, withWidget);
    assert.deepEqual(ok.checked.kinds, [`Widget.${group}/v1`]);
  } finally {
    kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
    dropNamespace(ns);
  }
});
