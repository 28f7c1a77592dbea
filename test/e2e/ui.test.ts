/**
 * `slipway ui` as a process, without a cluster: it serves the graph with every component "unknown", refuses
 * requests without its token, serves the bundled page from disk (no internet), stops on Ctrl-C with exit 0, and
 * `slipway --version` does not load any of it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, slipway, tempDir } from '../helpers.js';

const BASIC = 'test/fixtures/basic.yaml';
const NO_CLUSTER = { KUBECONFIG: join(tempDir(), 'missing-kubeconfig') };

/** The first server-sent event of a stream. */
async function firstEvent(url: string): Promise<unknown> {
  const ctrl = new AbortController();
  const res = await fetch(url, { signal: ctrl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
    const data = /^data: (.*)$/m.exec(text)?.[1];
    if (data) {
      ctrl.abort();
      return JSON.parse(data);
    }
  }
  throw new Error('stream ended without an event');
}

test('without a cluster: graph only, state unknown; token required; assets bundled; Ctrl-C exits 0', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [CLI, 'ui', BASIC, '-e', 'dev'], { env: { ...process.env, ...NO_CLUSTER }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 100 && !/token=/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out)?.[1];
  assert.ok(url, `the URL with its token is printed: ${out}${err}`);
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;

  assert.equal((await fetch(`${origin}/`)).status, 403);
  assert.equal((await fetch(`${origin}/api/graph?env=dev`)).status, 403);
  assert.equal((await fetch(`${origin}/app.js`)).status, 403);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, new RegExp(`src="/app\\.js\\?token=${token}"`));
  assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/, 'nothing is loaded from elsewhere');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const js = await fetch(`${origin}/app.js?token=${token}`);
  assert.equal(js.status, 200);
  assert.match(await js.text(), /slipway-token/, 'the bundled page script');

  const graph = (await (await fetch(`${origin}/api/graph?env=dev`, { headers: { 'x-slipway-token': token } })).json()) as { graph: { nodes: { name: string }[] } };
  const cli = JSON.parse(slipway(['graph', BASIC, '-e', 'dev', '-o', 'json']).stdout) as { graph: unknown };
  assert.deepEqual(graph.graph, cli.graph, 'the same graph as slipway graph');
  const live = (await firstEvent(`${origin}/api/live?env=dev&token=${token}`)) as { type: string; snapshot: { connected: boolean; message: string; components: { name: string; state: string }[] } };
  assert.equal(live.type, 'live');
  assert.equal(live.snapshot.connected, false);
  assert.match(live.snapshot.message, /kubeconfig/);
  assert.deepEqual(live.snapshot.components.map((c) => c.name), graph.graph.nodes.map((n) => n.name));
  assert.ok(live.snapshot.components.every((c) => c.state === 'unknown' || c.state === 'external'));

  const run = await fetch(`${origin}/api/run?env=dev`, { method: 'POST', headers: { 'x-slipway-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'rollback' }) });
  assert.equal(run.status, 400, 'an unconfirmed rollback is refused');
  const form = await fetch(`${origin}/api/run?env=dev`, { method: 'POST', headers: { 'x-slipway-token': token, 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=up' });
  assert.equal(form.status, 415, 'only JSON bodies');

  child.kill('SIGINT');
  assert.equal(await exited, 0, err);
  assert.match(out, /slipway ui stopped/);
});

test('a bad port or a bad stack fails before listening, with exit 2', () => {
  const port = slipway(['ui', BASIC, '--port', '70000']);
  assert.equal(port.status, 2);
  assert.match(port.stderr, /--port must be at most 65535/);
  const file = join(tempDir(), 'slipway.yaml');
  writeFileSync(file, 'name: x\nservices:\n  api: {image: 3}\n');
  // A server that started anyway would never exit: the timeout turns that into a failure instead of a hang.
  const bad = spawnSync(process.execPath, [CLI, 'ui', file], { env: { ...process.env, ...NO_CLUSTER }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(bad.status, 2, bad.stdout);
  assert.match(bad.stderr, /slipway\.yaml:3:/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});

test('slipway --version loads none of the ui', () => {
  // A resolve hook records every module the process loads.
  const dir = tempDir();
  const log = join(dir, 'loaded.txt');
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`);
  const r = slipway(['--version'], { env: { NODE_OPTIONS: `--import ${join(dir, 'register.mjs')}` } });
  assert.equal(r.status, 0, r.stderr);
  const loaded = readFileSync(log, 'utf8');
  assert.match(loaded, /bundle\/main\.mjs/, 'the hook saw the CLI load');
  assert.doesNotMatch(loaded, /\/src\/ui\/|esbuild|dagre|playwright/);
  // The binary is a bundle, so modules hide inside chunks: no chunk it loaded may hold the ui server's code.
  const chunks = loaded.split('\n').filter((u) => u.startsWith('file:') && u.includes('/bundle/'));
  assert.ok(chunks.length > 0);
  for (const url of chunks) assert.doesNotMatch(readFileSync(new URL(url), 'utf8'), /x-slipway-token/, url);
  assert.ok(readdirSync(join(process.cwd(), 'dist/src/bundle')).some((f) => readFileSync(join(process.cwd(), 'dist/src/bundle', f), 'utf8').includes('x-slipway-token')), 'the marker is in the ui chunk');
});
