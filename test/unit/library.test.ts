import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinCatalog, builtinEntries, createCatalog, defineStack, renderSpec, SlipwayError, type CatalogEntry } from '../../src/index.js';

test('defineStack builds the same model as a file and renders through the same checks', () => {
  const stack = defineStack({
    name: 'web',
    services: { site: { image: 'nginxinc/nginx-unprivileged:1.27.3', ports: { http: 8080 }, user: 101, writable: ['/var/cache/nginx'], uses: ['cache'] } },
    infra: { cache: { type: 'redis' } },
  });
  const { objects } = renderSpec(stack);
  const deploy = objects.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: { containers: { securityContext: { runAsUser: number } }[] } } } } | undefined;
  assert.equal(deploy?.spec.template.spec.containers[0]!.securityContext.runAsUser, 101);
  assert.ok(objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'cache'));
  assert.throws(
    () => renderSpec(defineStack({ name: 'web', services: { site: { image: 'x:1', uses: ['nope'] } } })),
    (e: unknown) => e instanceof SlipwayError && e.diagnostics[0]!.code === 'unknown-dependency',
  );
});

test('a catalog value with a user entry behind the same contract; other renders never see it', () => {
  const redis = builtinCatalog.entry('redis')!;
  const keydb: CatalogEntry = { ...redis, type: 'keydb', image: 'eqalpha/keydb', defaultVersion: 'x86_64_v6.3.4', env: { url: 'KEYDB_URL', host: 'KEYDB_HOST', port: 'KEYDB_PORT', password: 'KEYDB_PASSWORD' } };
  const stack = defineStack({ name: 'k', services: { app: { image: 'a:1', uses: ['kv'] } }, infra: { kv: { type: 'keydb' } } });
  const { objects } = renderSpec(stack, { catalog: createCatalog([...builtinEntries, keydb]) });
  const sts = objects.find((o) => o.kind === 'StatefulSet') as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
  assert.equal(sts.spec.template.spec.containers[0]!.image, 'eqalpha/keydb:x86_64_v6.3.4');
  const app = JSON.stringify(objects.find((o) => o.kind === 'Deployment'));
  assert.match(app, /KEYDB_URL/);
  // No process-wide registration: the same stack without that catalog names an unknown type.
  assert.throws(
    () => renderSpec(stack),
    (e: unknown) => e instanceof SlipwayError && e.diagnostics.some((d) => d.code === 'unknown-infra-type'),
  );
});
