/**
 * `slipway ui` in a real browser (Debian's chromium driven by playwright-core; no browser is ever downloaded)
 * against the test cluster: the page shows every component of the stack, a component turns ready after `up`
 * started from the page, a rollback from History re-applies the first revision, an unschedulable component shows
 * the scheduler's reason, and a request without the token is refused. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderStack } from '../../src/commands/render.js';
import { toYaml } from '../../src/emit/yaml.js';
import { loadStack } from '../../src/load/load-stack.js';
import { newToken } from '../../src/ui/guard.js';
import { startUi, type UiServer } from '../../src/ui/server.js';
import { stackFile } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName, provideNodePools, serverSideApply, waitAllReady, writeTemp } from './kube.js';

const SHOTS = 'test-results';
const stack = (apiTag: string, extra = '') => `name: uidemo
services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    user: 101
    ports: {http: 8080}
    writable: [/var/cache/nginx]
    uses: [api]
  api:
    image: ghcr.io/acme/api:${apiTag}
    ports: {http: 8080}
${extra}`;
const STUCK = '  stuck:\n    image: ghcr.io/acme/stuck:1.0.0\n    ports: {http: 8080}\n    timeout: 20\n    placement: {nodeSelector: {pool: nowhere}}\n';

/** A GET with the given Host header (fetch will not let a page or a test choose it): the status code. */
function statusOf(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const stateOf = (page: Page, name: string) => page.getAttribute(`[data-component="${name}"]`, 'data-state');

/** Wait until the Run panel's outcome says `text` (each run's outcome names its revision, so none is mistaken for another). */
async function outcome(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('#run-status')?.textContent?.includes(t) === true, text, { timeout: 150_000 });
}

const apiImage = (ns: string) => kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);

let browser: Browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

describe('slipway ui in headless chromium', () => {
  test('every component shown; up from the page turns them ready; rollback from History; the unschedulable one shows the scheduler; no token, no answer', { timeout: 400_000 }, async () => {
    const ns = namespaceName('ui');
    const file = stackFile(stack('1.4.2'));
    const server: UiServer = await startUi({ file, namespace: ns, token: newToken() });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      const bare = `http://127.0.0.1:${server.port}`;
      assert.equal(await statusOf(server.port, '/'), 403, 'the page without the token');
      assert.equal(await statusOf(server.port, '/api/graph'), 403, 'the API without the token');
      assert.equal(await statusOf(server.port, `/api/live?token=${server.token}x`), 403, 'a wrong token');
      assert.equal(await statusOf(server.port, `/?token=${server.token}`, { host: `attacker.example:${server.port}` }), 403, 'a rebound host name');
      assert.equal(await statusOf(server.port, `/api/graph?token=${server.token}`, { host: `127.0.0.1:${server.port}`, origin: 'http://attacker.example' }), 403, 'another origin');
      assert.equal((await page.goto(bare))?.status(), 403, 'the browser without the token');

      await page.goto(server.url);
      for (const name of ['web', 'api']) await page.waitForSelector(`[data-component="${name}"]`);
      assert.equal(await page.locator('[data-component]').count(), 2, 'one node per component, nothing else');
      assert.equal(await page.locator('.edge[data-from="web"][data-to="api"]').count(), 1, 'the use is drawn');
      // Watching an empty namespace: nothing is deployed yet.
      await page.waitForSelector('#connection.on');
      await page.waitForSelector('[data-component="web"][data-state="missing"]');
      await page.screenshot({ path: `${SHOTS}/ui-before-up.png` });

      await page.click('#action-up');
      await page.click('#confirm-ok');
      await page.waitForSelector('[data-component="api"][data-state="ready"]', { timeout: 120_000 });
      await page.waitForSelector('[data-component="web"][data-state="ready"]', { timeout: 120_000 });
      await outcome(page, 'deployed revision 1');
      assert.match((await page.textContent('#run-log')) ?? '', /ready api/, "the engine's events reach the page");

      // A second revision, then back to the first from History (confirmed in the dialog).
      writeFileSync(file, stack('1.4.3'));
      await page.click('#action-up');
      await page.click('#confirm-ok');
      await outcome(page, 'deployed revision 2');
      assert.equal(apiImage(ns), 'ghcr.io/acme/api:1.4.3');
      await page.click('#action-history');
      await page.click('table.history tr[data-revision="1"] button');
      await page.click('#confirm-ok');
      await outcome(page, 'rolled back: revision 3');
      assert.equal(apiImage(ns), 'ghcr.io/acme/api:1.4.2');

      // The page follows an edited stack file: a component no node can take.
      writeFileSync(file, stack('1.4.2', STUCK));
      await page.reload();
      await page.waitForSelector('[data-component="stuck"][data-state="missing"]');
      await page.click('#action-up');
      await page.click('#confirm-ok');
      await page.waitForSelector('[data-component="stuck"][data-state="stalled"]', { timeout: 120_000 });
      await page.click('[data-component="stuck"]');
      const problem = await page.waitForSelector('#panel-problem');
      // The scheduler's own words: no node matches the selector.
      assert.match((await problem.textContent()) ?? '', /Unschedulable: 0\/\d+ nodes are available:.*node affinity\/selector/);
      assert.match((await page.textContent('[data-component="stuck"] title')) ?? '', /Unschedulable/, "the node's tooltip says it too");
      assert.equal(await stateOf(page, 'api'), 'ready');
      await page.screenshot({ path: `${SHOTS}/ui-stalled.png` });

      // The stuck component times out: up fails, like the CLI's, and history records it.
      await page.waitForSelector('#run-status.error', { timeout: 120_000 });
      assert.match((await page.textContent('#run-status')) ?? '', /stuck/);
      await page.click('#action-history');
      await page.waitForSelector('table.history tr[data-revision="4"] .status-failed');
      await page.screenshot({ path: `${SHOTS}/ui-history.png` });
    } finally {
      await page.close();
      await server.close();
      dropNamespace(ns);
    }
  });

  test('feature-platform (dev) deployed: the view of every component, saved for the README', { timeout: 300_000 }, async () => {
    const ns = namespaceName('ui-fp');
    const file = 'examples/feature-platform/slipway.yaml';
    const result = renderStack(loadStack(file), { environment: 'dev', namespace: ns, secrets: 'include', secretKey: Buffer.alloc(32, 7) });
    provideNodePools(result.objects);
    const [namespace, ...rest] = result.objects;
    assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml([namespace!]))).status, 0);
    assert.equal(serverSideApply(writeTemp('objects.yaml', toYaml(rest))).status, 0);
    waitAllReady(ns);
    const server = await startUi({ file, environment: 'dev', namespace: ns, token: newToken() });
    const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
    try {
      await page.goto(server.url);
      await page.waitForSelector('#connection.on');
      const names = result.resolved.order.length ? await page.locator('[data-component]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component'))) : [];
      const bases = new Set([...result.resolved.services.map((s) => s.base), ...result.resolved.infra.map((i) => i.name)]);
      assert.deepEqual(new Set(names), bases, 'every stack entry is a node (copies folded like slipway graph)');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-component]')].every((e) => ['ready', 'external'].includes(e.getAttribute('data-state') ?? '')), undefined, { timeout: 120_000 });
      await page.screenshot({ path: `${SHOTS}/ui-feature-platform.png` });
    } finally {
      await page.close();
      await server.close();
      dropNamespace(ns);
    }
  });
});
