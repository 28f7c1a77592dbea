/**
 * Every example × environment renders into objects the real cluster accepts and runs: kubeconform against the
 * test API server's own OpenAPI schemas, a server-side dry run, then a real apply into a fresh namespace
 * until every workload is Ready and every Job complete. Pod Security "restricted" is enforced by the API server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test, before } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { toYaml } from '../../src/emit/yaml.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';
import { STACKS } from '../stacks.js';
import { dropNamespace, kubectlOk, namespaceName, provideNodePools, serverSideApply, waitAllReady, writeTemp } from './kube.js';

/** A fixed key: derived test passwords are stable, and no key file is written into the repo. */
const TEST_KEY = Buffer.alloc(32, 7);

function schemaDir(): string {
  const r = spawnSync('bash', ['scripts/kubeconform-schemas', process.env.KUBECONFIG!], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').pop()!;
}

let schemas = '';
before(() => {
  // nova's prod runs PostgreSQL as a CloudNativePG Cluster: scripts/run-tests installs its CRD before any test,
  // so the schemas include it.
  schemas = schemaDir();
});

for (const { name, file } of STACKS) {
  const loaded = loadStack(file);
  describe(`example ${name}`, () => {
    for (const env of environmentNames(loaded.data as StackSpec)) {
      test(`${env}: kubeconform, server-side dry run, apply, all workloads Ready`, () => {
        const ns = namespaceName(`ex-${name}-${env}`.slice(0, 40));
        const result = renderStack(loaded, { environment: env, namespace: ns, secrets: 'include', secretKey: TEST_KEY });
        const all = writeTemp(`${name}-${env}.yaml`, result.text);

        const conform = spawnSync('kubeconform', ['-strict', '-summary', '-schema-location', `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`, all], { encoding: 'utf8' });
        assert.equal(conform.status, 0, `kubeconform:\n${conform.stdout}${conform.stderr}`);

        provideNodePools(result.objects);
        // The stack's namespace first, and a log agent's own namespace (fluent-bit) beside it: both before the dry run.
        const namespaces = result.objects.filter((o) => o.kind === 'Namespace');
        const rest = result.objects.filter((o) => o.kind !== 'Namespace');
        assert.equal(result.objects[0]!.kind, 'Namespace');
        assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml(namespaces))).status, 0);
        const objects = writeTemp('objects.yaml', toYaml(rest));
        const dry = serverSideApply(objects, ['--dry-run=server']);
        assert.equal(dry.status, 0, `server-side dry run:\n${dry.stderr}`);

        const applied = serverSideApply(objects);
        assert.equal(applied.status, 0, `apply:\n${applied.stderr}`);
        // The app namespace enforces restricted (a violation fails the apply). The only warnings come from a log
        // agent's namespace, which warns at baseline about its hostPath volumes by design.
        const warnings = applied.stderr.split('\n').filter((l) => /would violate PodSecurity/.test(l));
        const agents = namespaces.length > 1;
        assert.deepEqual(warnings.filter((l) => !(agents && /"baseline:latest": hostPath volumes/.test(l))), [], 'every pod meets the restricted Pod Security Standard');
        for (const n of namespaces) waitAllReady(n.metadata.name);
        for (const n of namespaces) {
          const notReady = kubectlOk(['get', 'pods', '-n', n.metadata.name, '-o', 'jsonpath={range .items[?(@.status.phase=="Pending")]}{.metadata.name}{" "}{end}']).trim();
          assert.equal(notReady, '', `pods still Pending: ${notReady}`);
        }
        for (const n of namespaces) dropNamespace(n.metadata.name);
      });
    }
  });
}
