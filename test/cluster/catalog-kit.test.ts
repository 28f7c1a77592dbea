/**
 * A third-party catalog entry on the real API server: the fixture package's Memcached (written against
 * slipway/catalog-kit only) goes through `up --catalog` to Ready, its objects pass the API server's validation,
 * the app waits for it with the entry's own wait, and `status` and `down` see it like any built-in infra.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURE_DIR, installFixture } from '../catalog-kit-fixture.js';
import { slipway } from '../helpers.js';
import { dropNamespace, kubectl, kubectlOk, namespaceName, writeTemp } from './kube.js';

test('up --catalog <module>: a third-party entry reaches Ready, with status and down as for built-in infra', () => {
  const module = installFixture();
  const stack = join(FIXTURE_DIR, 'stack.yaml');
  const ns = namespaceName('catalog-kit');
  try {
    const up = slipway(['up', '-f', stack, '-n', ns, '--catalog', module, '--timeout', '240']);
    assert.equal(up.status, 0, up.stderr + up.stdout);

    const sts = JSON.parse(kubectlOk(['get', 'statefulset', 'sessions', '-n', ns, '-o', 'json'])) as {
      status: { readyReplicas?: number };
      spec: { volumeClaimTemplates?: unknown[]; template: { spec: { securityContext: { runAsUser: number }; containers: { args: string[] }[] } } };
    };
    assert.equal(sts.status.readyReplicas, 1);
    assert.equal(sts.spec.template.spec.securityContext.runAsUser, 11211);
    assert.deepEqual(sts.spec.template.spec.containers[0]!.args, ['memcached', '-m', '128', '-c', '1024']);
    assert.equal(sts.spec.volumeClaimTemplates, undefined);

    const web = JSON.parse(kubectlOk(['get', 'deployment', 'web', '-n', ns, '-o', 'json'])) as {
      status: { readyReplicas?: number };
      spec: { template: { spec: { initContainers?: { name: string }[]; containers: { env?: { name: string; value?: string }[] }[] } } };
    };
    assert.equal(web.status.readyReplicas, 1);
    assert.ok(web.spec.template.spec.initContainers?.some((c) => c.name === 'wait-sessions'));
    const env = Object.fromEntries((web.spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
    assert.equal(env.MEMCACHED_SERVERS, `sessions.${ns}.svc:11211`);

    // What up applied is what render writes for the same catalog.
    const render = slipway(['render', stack, '-n', ns, '--catalog', module]);
    assert.equal(render.status, 0, render.stderr);
    // And it passes kubeconform against this API server's own schemas, like every example.
    const schemas = spawnSync('bash', ['scripts/kubeconform-schemas', process.env.KUBECONFIG!], { encoding: 'utf8' });
    assert.equal(schemas.status, 0, schemas.stderr);
    const dir = schemas.stdout.trim().split('\n').pop()!;
    const conform = spawnSync('kubeconform', ['-strict', '-summary', '-schema-location', `${dir}/{{.ResourceKind}}{{.KindSuffix}}.json`, writeTemp('memcached.yaml', render.stdout)], { encoding: 'utf8' });
    assert.equal(conform.status, 0, `kubeconform:\n${conform.stdout}${conform.stderr}`);
    assert.equal(render.stdout.replaceAll(ns, 'cachedemo'), readFileSync(join(FIXTURE_DIR, 'objects.yaml'), 'utf8'));

    const status = slipway(['status', '-f', stack, '-n', ns, '--catalog', module, '-o', 'json']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /"sessions"/);

    // Without the module the stack does not even validate: nothing from the earlier run leaks into this one.
    const without = slipway(['status', '-f', stack, '-n', ns]);
    assert.equal(without.status, 2);
    assert.match(without.stderr, /unknown infra type "memcached"/);

    const down = slipway(['down', '-f', stack, '-n', ns, '--catalog', module]);
    assert.equal(down.status, 0, down.stderr + down.stdout);
    assert.notEqual(kubectl(['get', 'statefulset', 'sessions', '-n', ns]).status, 0, 'down removed the entry’s StatefulSet');
  } finally {
    dropNamespace(ns);
  }
});
