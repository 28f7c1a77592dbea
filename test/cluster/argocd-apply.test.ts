/**
 * The emitted Argo CD objects are real Argo CD objects: the CRDs built from Argo CD's Go module
 * (scripts/argocd-crds) are installed on the test cluster, and the ApplicationSet and Applications of
 * `render --format argocd` are created there with server-side apply and strict field validation, then read back
 * unchanged (a field the schema did not know would be refused or dropped). A wrongly typed field and an unknown
 * one are refused, which proves the schema is Argo CD's and not an open object.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderTree } from '../../src/commands/render-tree.js';
import type { GitOpsTarget } from '../../src/emit/formats/contract.js';
import { toYaml } from '../../src/emit/yaml.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { createNamespace, dropNamespace, eventually, kubectl, kubectlOk, writeTemp } from './kube.js';

const CRDS = ['applications.argoproj.io', 'applicationsets.argoproj.io', 'appprojects.argoproj.io'];

/** CRDs are cluster-scoped and shared by every test run: applied idempotently under Argo CD's own names. */
async function installCrds(): Promise<void> {
  const r = spawnSync('bash', ['scripts/argocd-crds'], { encoding: 'utf8', timeout: 900_000 });
  assert.equal(r.status, 0, `scripts/argocd-crds: ${r.stderr}`);
  const dir = r.stdout.trim().split('\n').pop()!;
  for (const f of ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml']) {
    kubectlOk(['apply', '--server-side', '--force-conflicts', '--field-manager=slipway-tests', '-f', join(dir, f)]);
  }
  // kubectl wait fails outright on a CRD whose conditions the API server has not written yet: poll instead.
  const established = (c: string) => kubectl(['get', `crd/${c}`, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']).stdout === 'True';
  await eventually('the Argo CD CRDs are established', () => CRDS.every(established));
}

const target = (ns: string, over: Partial<GitOpsTarget>): GitOpsTarget => ({
  repoURL: 'https://git.example.com/acme/deploy.git',
  revision: 'main',
  path: 'deploy',
  source: 'helm',
  layout: 'applicationset',
  server: 'https://kubernetes.default.svc',
  namespace: ns,
  project: 'default',
  automated: true,
  ...over,
});

function argoObjects(file: string, gitops: GitOpsTarget): K8sObject[] {
  const tree = renderTree(loadStack(file), { format: 'argocd', gitops });
  return [...tree.files].filter(([p]) => p.startsWith('argocd/')).flatMap(([, f]) => parseAllDocuments(f.text).map((d) => d.toJS() as K8sObject));
}

const resource = (o: K8sObject) => `${o.kind.toLowerCase()}.argoproj.io/${o.metadata.name}`;

/** Create for real (not a dry run), with the API server refusing unknown fields. */
const apply = (o: K8sObject) => kubectl(['apply', '--server-side', '--field-manager=slipway', '--validate=strict', '-f', writeTemp(`${o.kind}-${o.metadata.name}.yaml`, toYaml([o]))]);

test('Argo CD CRDs from its Go module accept the emitted ApplicationSet and Applications and refuse broken ones', async (t) => {
  await installCrds();
  const ns = createNamespace('argocd');
  const created: K8sObject[] = [];
  try {
    const cases: [string, string, Partial<GitOpsTarget>][] = [
      ['data-pipeline ApplicationSet over the chart', 'examples/data-pipeline/slipway.yaml', {}],
      ['data-pipeline Applications over the overlays', 'examples/data-pipeline/slipway.yaml', { layout: 'applications', source: 'kustomize', automated: false }],
      ['nova ApplicationSet with per-environment ignoreDifferences', 'examples/nova/slipway.yaml', {}],
      ['nova Applications with ignoreDifferences', 'examples/nova/slipway.yaml', { layout: 'applications' }],
    ];
    let patched = 0;
    for (const [what, file, over] of cases) {
      await t.test(what, () => {
        for (const o of argoObjects(file, target(ns, over))) {
          const r = apply(o);
          assert.equal(r.status, 0, `${o.kind}/${o.metadata.name}: ${r.stderr}`);
          created.push(o);
          const live = JSON.parse(kubectlOk(['get', resource(o), '-n', ns, '-o', 'json'])) as K8sObject & { spec: unknown };
          assert.deepEqual(live.spec, (o as K8sObject & { spec: unknown }).spec, `${o.kind}/${o.metadata.name}: stored as emitted`);
          const spec = (o as unknown as { spec: { templatePatch?: string; ignoreDifferences?: unknown } }).spec;
          if (spec.templatePatch || spec.ignoreDifferences) patched += 1;
        }
      });
    }
    assert.ok(patched >= 2, 'nova exercises ignoreDifferences in both layouts');

    await t.test('a wrongly typed field and an unknown field are refused by the schema', () => {
      const [app] = argoObjects('examples/data-pipeline/slipway.yaml', target(ns, { layout: 'applications' }));
      const typed = structuredClone(app!) as K8sObject & { spec: { syncPolicy: { automated: Record<string, unknown> } } };
      typed.metadata.name = 'broken-type';
      typed.spec.syncPolicy.automated.prune = 'yes';
      const r1 = apply(typed);
      assert.notEqual(r1.status, 0, 'a string where Argo CD has a boolean');
      assert.match(r1.stderr, /prune.*boolean|Invalid value/i);
      const unknown = structuredClone(app!) as K8sObject & { spec: Record<string, unknown> };
      unknown.metadata.name = 'broken-field';
      unknown.spec.sourceRepo = 'https://git.example.com/x.git';
      const r2 = apply(unknown);
      assert.notEqual(r2.status, 0, 'a field Argo CD does not have');
      assert.match(r2.stderr, /spec\.sourceRepo: field not declared in schema/);
    });
  } finally {
    // No Argo CD controller runs here to honour the resources finalizer: drop it, or the namespace never goes.
    for (const o of created.filter((x) => x.kind === 'Application')) {
      kubectl(['patch', resource(o), '-n', ns, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    }
    dropNamespace(ns);
  }
});
