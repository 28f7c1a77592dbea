/**
 * The live view's bookkeeping over a small in-memory port (the real watch is exercised against the API server in
 * test/cluster/ui.test.ts): watch events change the state, an ended watch is listed and watched again, a failing
 * cluster reads as not connected (every component unknown) until it answers again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterPort, WatchEvent } from '../../src/cluster/port.js';
import type { K8sObject } from '../../src/k8s/object.js';
import type { StackGraph } from '../../src/model/graph.js';
import { startLive } from '../../src/ui/live.js';
import type { LiveSnapshot } from '../../src/ui/protocol.js';

const GRAPH: StackGraph = { nodes: [{ name: 'api', kind: 'service' }], edges: [] };

function deployment(ready: number): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'ns', uid: 'u-api', generation: 1, labels: { 'app.kubernetes.io/name': 'api' } },
    spec: { replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: ready, availableReplicas: ready },
  };
}

/** Lists what `objects` holds per kind; keeps each watch's callbacks so the test can play the API server. */
function memoryPort() {
  const objects = new Map<string, K8sObject[]>();
  const watches = new Map<string, { onEvent: (e: WatchEvent) => void; onEnd: (e?: Error) => void }>();
  const counts = { list: 0 };
  let down: Error | undefined;
  const port = {
    context: 'memory',
    list: async (_v: string, kind: string) => {
      counts.list += 1;
      if (down) throw down;
      return objects.get(kind) ?? [];
    },
    watch: async (_v: string, kind: string, _ns: string, onEvent: (e: WatchEvent) => void, onEnd: (e?: Error) => void) => {
      watches.set(kind, { onEvent, onEnd });
      return { stop: () => watches.delete(kind) };
    },
  } as unknown as ClusterPort;
  return { port, objects, watches, counts, fail: (e: Error | undefined) => (down = e) };
}

async function next(view: ReturnType<typeof startLive>, check: (s: LiveSnapshot) => boolean): Promise<LiveSnapshot> {
  const now = view.snapshot();
  if (check(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such snapshot; last: ${JSON.stringify(view.snapshot())}`)), 5000);
    const off = view.subscribe((s) => {
      if (!check(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

test('watch events move a component from progressing to ready; an ended watch is listed again', async () => {
  const m = memoryPort();
  m.objects.set('Deployment', [deployment(0)]);
  const view = startLive({ graph: GRAPH, members: new Map(), namespace: 'ns', client: m.port });
  try {
    const first = await next(view, (s) => s.connected);
    assert.equal(first.components[0]!.state, 'progressing');
    assert.match(first.message, /watching namespace ns on memory/);
    m.watches.get('Deployment')!.onEvent({ type: 'MODIFIED', object: deployment(1) });
    await next(view, (s) => s.components[0]!.state === 'ready');
    // The API server ends the watch; meanwhile the Deployment was deleted: the relist must notice.
    const lists = m.counts.list;
    m.objects.set('Deployment', []);
    m.watches.get('Deployment')!.onEnd();
    await next(view, (s) => s.components[0]!.state === 'missing');
    assert.ok(m.counts.list > lists, 'listed again');
    assert.ok(m.watches.has('Deployment'), 'and watched again');
  } finally {
    view.close();
  }
  assert.equal(m.watches.size, 0, 'close stops every watch');
});

test('a cluster that fails reads as not connected, every component unknown, until it answers again', async () => {
  const m = memoryPort();
  m.objects.set('Deployment', [deployment(1)]);
  const view = startLive({ graph: GRAPH, members: new Map(), namespace: 'ns', client: m.port });
  try {
    await next(view, (s) => s.connected && s.components[0]!.state === 'ready');
    m.fail(new Error('connection refused'));
    m.watches.get('Pod')!.onEnd(new Error('connection reset'));
    const lost = await next(view, (s) => !s.connected);
    assert.equal(lost.components[0]!.state, 'unknown');
    assert.match(lost.message, /connection (reset|refused)/);
    m.fail(undefined);
    await next(view, (s) => s.connected && s.components[0]!.state === 'ready');
  } finally {
    view.close();
  }
});

test('no cluster at all: the graph with every component unknown and the reason', () => {
  const view = startLive({ graph: GRAPH, members: new Map(), namespace: 'ns', client: undefined, unreachable: 'no cluster: cannot read kubeconfig' });
  const s = view.snapshot();
  view.close();
  assert.deepEqual([s.connected, s.message, s.components[0]!.state], [false, 'no cluster: cannot read kubeconfig', 'unknown']);
});
