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
