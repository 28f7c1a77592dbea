/** The transport's connection reuse: plain TLS agents are shared per credentials, a proxy agent is used as given. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeConfig, RequestContext, HttpMethod } from '@kubernetes/client-node';
import { sharedAgent } from '../../src/cluster/http.js';

async function agentFor(proxyUrl?: string): Promise<unknown> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: true, ...(proxyUrl ? { proxyUrl } : {}) }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const ctx = new RequestContext('https://127.0.0.1:6443/api/v1/namespaces', HttpMethod.GET);
  await kc.applySecurityAuthentication(ctx);
  return ctx.getAgent();
}

test('a kubeconfig proxy-url keeps its proxy agent (rebuilding it as a plain agent would connect directly)', async () => {
  const agent = await agentFor('http://127.0.0.1:3128');
  assert.equal(sharedAgent(agent), agent);
});

test('plain TLS agents with the same credentials share one keep-alive agent', async () => {
  const a = await agentFor();
  const b = await agentFor();
  const shared = sharedAgent(a);
  assert.notEqual(shared, a);
  assert.equal(sharedAgent(b), shared);
});

/**
 * A real loopback server that keeps the first connection alive, then drops it (unanswered) when a second request
 * arrives on it, as an API server does when it closes an idle connection just as the client reuses it.
 */
async function closingServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  let requests = 0;
  const served = new WeakSet<object>();
  const server = createServer((req, res) => {
    requests += 1;
    if (served.has(req.socket)) return req.socket.destroy();
    served.add(req.socket);
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' }).end('{"kind":"Status"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function sendTwice(method: HttpMethod): Promise<{ second: number | Error; requests: number }> {
  const { timedHttp } = await import('../../src/cluster/http.js');
  const http = timedHttp(5);
  const server = await closingServer();
  try {
    const call = () => http.send(new RequestContext(`${server.url}/api/v1/namespaces/x`, method)).toPromise();
    assert.equal((await call()).httpStatusCode, 200);
    const second = await call().then((r) => r.httpStatusCode, (e: Error) => e);
    return { second, requests: server.requests() };
  } finally {
    await server.close();
  }
}

test('a request that meets a kept-alive connection the server closed is sent again on a new one', async () => {
  const { second, requests } = await sendTwice(HttpMethod.GET);
  assert.equal(second, 200);
  assert.equal(requests, 3, 'the first, the one dropped, the retry');
  assert.equal((await sendTwice(HttpMethod.PATCH)).second, 200);
});

test('a create (POST) is never sent twice: the reset is the answer', async () => {
  const { second, requests } = await sendTwice(HttpMethod.POST);
  assert.ok(second instanceof Error && /socket hang up|ECONNRESET/.test(second.message), String(second));
  assert.equal(requests, 2);
});
