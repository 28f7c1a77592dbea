/** B7: interpolation wherever a user expects it — images, vars that use vars — and its errors, located. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStack } from '../../src/load/load-stack.js';
import type { ResolvedStack } from '../../src/model/resolved.js';
import type { StackSpec } from '../../src/model/stack.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { toDiagnostic } from '../../src/validate/validate.js';
import { diagnose } from '../helpers.js';

/** The resolved stack of `text`, which validate accepts with exactly `warnings` (`code at path`). */
function resolved(text: string, env?: string, warnings: string[] = []): ResolvedStack {
  const d = diagnose(text);
  assert.deepEqual(d.map((x) => `${x.code} at ${x.path}`), warnings);
  const r = resolveStack(parseStack(text, 'stack.yaml').data as StackSpec, env);
  assert.deepEqual(r.issues, []);
  return r.stack!;
}

const image = (s: ResolvedStack, name: string) => s.services.find((x) => x.name === name)!.image;

test('vars use other vars, declared in any order, and env/stack; an overlay changes one var and all that use it', () => {
  const text = `name: shop
vars:
  image: "\${vars.registry}/api:\${vars.tag}"
  registry: "\${vars.host}/\${stack}"
  host: ghcr.io
  tag: 1.4.2
  banner: "\${stack} \${env} v\${vars.tag}"
services:
  api:
    image: "\${vars.image}"
    env: {BANNER: "\${vars.banner}", PORT: "\${vars.port}"}
environments:
  dev: {vars: {port: 8080}}
  prod: {vars: {tag: 2.0.0, port: 80}}
`;
  const dev = resolved(text, 'dev');
  assert.equal(image(dev, 'api'), 'ghcr.io/shop/api:1.4.2');
  assert.deepEqual(dev.services[0]!.env, [
    { name: 'BANNER', value: 'shop dev v1.4.2' },
    { name: 'PORT', value: '8080' },
  ]);
  const prod = resolved(text, 'prod');
  assert.equal(image(prod, 'api'), 'ghcr.io/shop/api:2.0.0');
  assert.equal((prod.services[0]!.env[0] as { value: string }).value, 'shop prod v2.0.0');
});

test('image interpolates vars, ${env}, ${tenant} of a stamped service, and $${ writes a literal (which no image can pull)', () => {
  const text = `name: shop
tenants: [acme, beta]
vars: {registry: registry.example.com/team}
services:
  api:
    image: "\${vars.registry}/api:\${env}"
  detect:
    image: "\${vars.registry}/detect-\${tenant}:1.0.0"
    perTenant: true
  odd:
    image: "\${vars.registry}/odd:$\${literal}"
`;
  // The literal is written as asked, and validate warns that the pull will fail; the interpolated images pass.
  const s = resolved(text, undefined, ['image-reference at services.odd.image']);
  assert.match(diagnose(text)[0]!.message, /"registry\.example\.com\/team\/odd:\$\{literal\}" contains "\$\{"/);
  assert.equal(image(s, 'api'), 'registry.example.com/team/api:default');
  assert.equal(image(s, 'detect-acme'), 'registry.example.com/team/detect-acme:1.0.0');
  assert.equal(image(s, 'detect-beta'), 'registry.example.com/team/detect-beta:1.0.0');
  assert.equal(image(s, 'odd'), 'registry.example.com/team/odd:${literal}');
});

test('a secret in an image or a var is an error at that field, like secret-in-text elsewhere', () => {
  const inImage = diagnose(`name: shop
secrets: {pull: {generate: [token]}}
services:
  api:
    image: "ghcr.io/acme/api:\${secrets.pull.token}"
`);
  assert.deepEqual(inImage.map((d) => [d.code, d.message, `${d.line}:${d.col}`]), [['secret-in-text', '${secrets.pull.token} holds a secret and cannot be written into image', '5:12']]);
  const inVar = diagnose(`name: shop
secrets: {pull: {generate: [token]}}
vars: {auth: "Bearer \${secrets.pull.token}"}
services:
  api: {image: ghcr.io/acme/api:1.0.0, env: {AUTH: "\${vars.auth}"}}
`);
  assert.deepEqual(inVar.map((d) => [d.code, d.message, d.line]), [['secret-in-text', '${secrets.pull.token} holds a secret and cannot be written into vars.auth', 3]]);
});

test('a var cycle is one located error naming the cycle, however many vars lead into it', () => {
  const d = diagnose(`name: shop
vars:
  a: "\${vars.b}-x"
  b: "\${vars.c}"
  c: "\${vars.b}"
  self: "\${vars.self}"
  user: "\${vars.a}"
services:
  api: {image: "ghcr.io/acme/api:\${vars.user}"}
`);
  assert.deepEqual(
    d.map((x) => [x.code, x.message, `${x.line}:${x.col}`, x.path]),
    [
      ['var-cycle', 'vars use each other in a cycle: [b] -> [c] -> [b]', '4:6', 'vars.b'],
      ['var-cycle', 'vars use each other in a cycle: [self] -> [self]', '6:9', 'vars.self'],
    ],
  );
});

test('an unclosed ${ is an error wherever interpolation happens, with its location and the $${ hint', () => {
  const d = diagnose(`name: shop
vars: {registry: "\${stack"}
services:
  api:
    image: "ghcr.io/\${vars.registry/api:1.0.0"
    ports: {http: 8080}
    args: [--name, "\${env"]
    files: {/etc/app.conf: "name = \${stack\\n"}
    ingress: {host: "\${env.example.com"}
`);
  assert.deepEqual(
    d.map((x) => [x.code, x.path, x.line]),
    [
      ['unclosed-reference', 'vars.registry', 2],
      ['unclosed-reference', 'services.api.image', 5],
      ['unclosed-reference', 'services.api.args[1]', 7],
      ['unclosed-reference', 'services.api.files."/etc/app.conf"', 8],
      ['unclosed-reference', 'services.api.ingress.host', 9],
    ],
  );
  for (const x of d) assert.match(x.hint ?? '', /\$\$\{ for a literal \$\{/);
});

test('resolve issues become located diagnostics through toDiagnostic (render uses it for its own resolve)', () => {
  const loaded = parseStack('name: shop\nservices:\n  api:\n    image: a:1\n    files: {/etc/a.conf: "${nope}"}\n', 'stack.yaml');
  const { issues } = resolveStack(loaded.data as StackSpec);
  assert.equal(issues.length, 1);
  const d = toDiagnostic(issues[0]!, loaded.source);
  assert.deepEqual(
    { code: d.code, path: d.path, file: d.file, line: d.line, col: d.col },
    { code: 'unknown-reference', path: 'services.api.files."/etc/a.conf"', file: 'stack.yaml', line: 5, col: 26 },
  );
});
