import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createdByAnnotations, ownerLabels } from '../../src/model/ownership.js';
import { foreignObjects, namespaceAction } from '../../src/plan/namespace.js';
import { age } from '../../src/lifecycle/status.js';

const owner = { stack: 'shop', environment: 'dev', namespace: 'team' };
const ns = (annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', ...(annotations ? { annotations } : {}), labels: ownerLabels(owner) } });

test('namespace: created by us → update; anyone else’s → used as is unless adopted; system ones refused', () => {
  assert.equal(namespaceAction(undefined, owner), 'create');
  assert.equal(namespaceAction(ns(createdByAnnotations(owner)), owner), 'update');
  // Our labels alone (what `up` used to write on any namespace) do not make it ours.
  assert.equal(namespaceAction(ns(), owner), 'use');
  assert.equal(namespaceAction(ns(createdByAnnotations({ stack: 'shop', environment: 'prod' })), owner), 'use');
  assert.equal(namespaceAction(ns(), owner, true), 'adopt');
  for (const name of ['kube-system', 'kube-public', 'kube-node-lease']) {
    assert.throws(() => namespaceAction(undefined, { ...owner, namespace: name }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && e.message.includes(`system namespace ${name}`));
  }
});

test('foreign occupants: anything without this stack’s labels, except what Kubernetes puts in every namespace', () => {
  const o = (kind: string, name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind, metadata: { name, ...(labels ? { labels } : {}) } });
  const found = foreignObjects([o('ConfigMap', 'kube-root-ca.crt'), o('ServiceAccount', 'default'), o('Pod', 'db-0', ownerLabels(owner)), o('Secret', 'theirs'), o('Pod', 'x', ownerLabels({ stack: 'billing', environment: 'dev' }))], owner);
  assert.deepEqual(found.map((x) => `${x.kind}/${x.metadata.name}`), ['Pod/x', 'Secret/theirs']);
});

test('age reads the API server\'s RFC 3339 stamp; a missing or unreadable one is unknown', () => {
  const now = new Date('2025-01-01T00:01:00Z');
  const at = (creationTimestamp: unknown) => age({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp } }, now);
  assert.equal(at('2025-01-01T00:00:00Z'), '60s');
  assert.equal(at('2024-12-31T23:00:00Z'), '61m');
  assert.equal(at('yesterday'), '<unknown>');
  assert.equal(at(undefined), '<unknown>');
});
