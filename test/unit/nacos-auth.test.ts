/**
 * Nacos auth (catalog/nacos.ts): what the entry renders, and its admin Job's script run by BusyBox's sh and wget (the
 * Job's image) against an HTTP endpoint that answers the two calls of Nacos 2.4's auth API the script makes, as
 * that API answers them: POST /v1/auth/users/admin sets the admin password only while there is no admin (409
 * afterwards), POST /v1/auth/login answers 200 for the right password and 403 otherwise. Nacos itself is not in
 * Debian, so this proves the script's protocol and branches, not the server. (Login before any admin exists: 500.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { CatalogOutput } from '../../src/catalog/contract.js';
import { adminScript } from '../../src/catalog/nacos.js';
import { renderStack } from '../../src/commands/render.js';
import { parseStack } from '../../src/load/load-stack.js';
import type { ResolvedInfra } from '../../src/model/resolved.js';
import { CATALOG_CTX, internalInfra } from '../catalog-fixtures.js';
import { program } from '../servers.js';

type Obj = Record<string, any>;
const nacos = builtinCatalog.entry('nacos')!;
const infraOf = (over: Partial<ResolvedInfra> = {}): ResolvedInfra => internalInfra('nacos', { name: 'config', ...over });
const render = (over: Partial<ResolvedInfra> = {}): CatalogOutput => nacos.internal(infraOf(over), CATALOG_CTX);
const envOf = (c: Obj): Record<string, Obj> => Object.fromEntries((c.env ?? []).map((e: Obj) => [e.name, e]));
const server = (out: CatalogOutput): Obj => (out.objects.find((o) => o.kind === 'StatefulSet') as Obj).spec.template.spec.containers[0];

describe('nacos auth: rendered', () => {
  it('turns auth on with the token and server identity from the generated Secret, the token 48 Base64 bytes', () => {
    for (const replicas of [1, 3]) {
      const out = render({ replicas });
      const env = envOf(server(out));
      assert.equal(env.NACOS_AUTH_ENABLE!.value, 'true');
      assert.deepEqual(env.NACOS_AUTH_TOKEN!.valueFrom, { secretKeyRef: { name: 'config-credentials', key: 'token' } });
      assert.deepEqual(env.NACOS_AUTH_IDENTITY_KEY!.valueFrom, { secretKeyRef: { name: 'config-credentials', key: 'identity-key' } });
      assert.deepEqual(env.NACOS_AUTH_IDENTITY_VALUE!.valueFrom, { secretKeyRef: { name: 'config-credentials', key: 'identity-value' } });
      const [secret] = out.secrets;
      assert.deepEqual(secret!.keys, ['password', 'token', 'identity-key', 'identity-value']);
      assert.deepEqual(secret!.shapes, { token: { kind: 'random', encoding: 'base64', length: 48 } });
      assert.deepEqual(secret!.fixed, { user: 'nacos' });
    }
  });

  it('a Job sets the nacos user password through the client Service, reading it from the Secret', () => {
    const job = render().objects.find((o) => o.kind === 'Job') as Obj;
    const c = job.spec.template.spec.containers[0];
    assert.match(c.command[2], /http:\/\/config\.shop-dev\.svc:8848\/nacos\/v1\/auth\/users\/admin/);
    assert.deepEqual(envOf(c).NACOS_PASSWORD!.valueFrom, { secretKeyRef: { name: 'config-credentials', key: 'password' } });
    // The password reaches wget only through a file printf (a shell builtin) wrote.
    assert.doesNotMatch(c.command[2].replace(/printf '[^']*' "\$NACOS_PASSWORD"/g, ''), /NACOS_PASSWORD/);
  });

  it('users get the nacos user and password; an external Nacos only when the stack names its password Secret', () => {
    const conn = nacos.connection(infraOf(), CATALOG_CTX);
    assert.equal(conn.user, 'nacos');
    assert.deepEqual(conn.password, { name: 'config-credentials', key: 'password' });
    assert.equal(conn.url, 'http://config.shop-dev.svc:8848');
    const open = nacos.connection(infraOf({ mode: 'external', external: { host: 'nacos.example.internal' } }), CATALOG_CTX);
    assert.equal(open.password, undefined);
    assert.equal(open.user, undefined);
    const authed = nacos.connection(infraOf({ mode: 'external', external: { host: 'nacos.example.internal', user: 'svc', passwordSecret: { name: 'nacos-pass' } } }), CATALOG_CTX);
    assert.equal(authed.user, 'svc');
    assert.deepEqual(authed.password, { name: 'nacos-pass', key: 'password' });
  });

  it('a service that uses Nacos gets NACOS_USERNAME and NACOS_PASSWORD by secretKeyRef', () => {
    const text = ['name: shop', 'services:', '  api: { image: ghcr.io/acme/api:1.0.0, uses: [config] }', 'infra:', '  config: { type: nacos }'].join('\n');
    const { objects } = renderStack(parseStack(text, 'stack.yaml'), {});
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api') as Obj;
    const env = envOf(api.spec.template.spec.containers[0]);
    assert.equal(env.NACOS_USERNAME!.value, 'nacos');
    assert.deepEqual(env.NACOS_PASSWORD!.valueFrom, { secretKeyRef: { name: 'config-credentials', key: 'password' } });
  });
});

describe('nacos auth: the admin Job against the auth API', () => {
  let http: Server;
  let base = '';
  let admin: string | undefined;
  let bin = '';
  const busybox = program('busybox');

  before(async () => {
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const reply = (code: number) => res.writeHead(code).end();
        if (req.method === 'GET' && req.url === '/nacos/v1/console/health/readiness') return reply(200);
        // Before an admin exists Nacos 2.4 answers a login with 500 ("User nacos not found"), after it 403 when wrong.
        if (req.method === 'POST' && req.url === '/nacos/v1/auth/login') return reply(admin === undefined ? 500 : form.get('username') === 'nacos' && form.get('password') === admin ? 200 : 403);
        if (req.method === 'POST' && req.url === '/nacos/v1/auth/users/admin') {
          if (admin !== undefined) return reply(409);
          admin = form.get('password') ?? '';
          // Nacos answers with the user, password included: the script must not print it.
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ username: 'nacos', password: admin }));
        }
        reply(404);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as { port: number }).port}/nacos`;
    bin = mkdtempSync(join(tmpdir(), 'slipway-busybox-'));
    symlinkSync(busybox, join(bin, 'wget'));
    symlinkSync(busybox, join(bin, 'sleep'));
  });
  after(() => {
    http.close();
    rmSync(bin, { recursive: true, force: true });
  });

  const run = (password: string): Promise<{ status: number | null; out: string }> => {
    const tmp = mkdtempSync(join(tmpdir(), 'slipway-nacos-'));
    return new Promise((resolve) => {
      const p = spawn(busybox, ['sh', '-c', adminScript(base, 'config-credentials', tmp)], { env: { PATH: bin, NACOS_PASSWORD: password } });
      let out = '';
      p.stdout.on('data', (c: Buffer) => (out += c.toString()));
      p.stderr.on('data', (c: Buffer) => (out += c.toString()));
      p.on('close', (status) => {
        rmSync(tmp, { recursive: true, force: true });
        resolve({ status, out });
      });
    });
  };

  it('creates the admin on a fresh server, is a no-op on the next run, and fails clearly on another password', async () => {
    admin = undefined;
    const first = await run('Secret0123');
    assert.equal(first.status, 0, first.out);
    assert.match(first.out, /user nacos created/);
    assert.equal(admin, 'Secret0123');
    assert.doesNotMatch(first.out, /Secret0123/, 'the admin call echoes the password; the Job prints nothing of it');

    const again = await run('Secret0123');
    assert.equal(again.status, 0, again.out);
    assert.match(again.out, /user nacos logs in/);

    const other = await run('Other4567');
    assert.equal(other.status, 1, other.out);
    assert.match(other.out, /user nacos exists with another password: set it in Nacos to the one Secret config-credentials holds \(key password\)/);
    assert.doesNotMatch(other.out, /Other4567|Secret0123/, 'no password in the output');
    assert.equal(admin, 'Secret0123', 'an existing admin is never overwritten');
  });
});
