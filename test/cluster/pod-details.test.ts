/**
 * Pod and Service details against the real API server: a production stack with gRPC and header probes, a
 * preStop sleep, a grace period, a NodePort Service and pull Secrets is applied (server-side apply refuses any
 * field its schema lacks) and goes Ready, and the stored objects carry every field as written. Then a component
 * switched off with `enabled: false` is pruned by the next `up` while its data volume stays, and comes back on it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { slipway, stackFile } from '../helpers.js';
import { applyRendered, dropNamespace, kubectl, kubectlOk, namespaceName, waitAllReady } from './kube.js';

// A node port is cluster-wide; one per test process keeps parallel runs apart.
const NODE_PORT = 30000 + (process.pid % 2700);

const DETAILS = `
name: shop
profile: production
pullSecrets: [ghcr-pull]
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    ports: {http: 8080, grpc: 9090}
    health:
      liveness: {http: /healthz, headers: {Host: api.example.com, X-Probe: liveness}}
      readiness: {grpc: {service: orders.v1.Orders}, port: grpc}
    gracePeriod: 45
    preStop: {sleep: 10}
    expose: {type: NodePort, nodePorts: {http: ${NODE_PORT}}, annotations: {example.com/team: orders}}
`;

interface Live {
  spec: {
    template: {
      spec: {
        imagePullSecrets?: { name: string }[];
        terminationGracePeriodSeconds?: number;
        containers: { imagePullPolicy?: string; lifecycle?: unknown; livenessProbe?: { httpGet?: unknown }; readinessProbe?: { grpc?: unknown } }[];
      };
    };
  };
}

describe('pod details', { concurrency: true }, () => {
  test('gRPC and header probes, preStop sleep, grace period, NodePort Service and pull Secrets: accepted, stored and Ready', () => {
    const ns = namespaceName('pod-details');
    applyRendered(DETAILS, ns);
    waitAllReady(ns);
    const pod = (JSON.parse(kubectlOk(['get', 'deployment', 'api', '-n', ns, '-o', 'json'])) as Live).spec.template.spec;
    const [api] = pod.containers;
    assert.deepEqual(pod.imagePullSecrets, [{ name: 'ghcr-pull' }]);
    assert.equal(pod.terminationGracePeriodSeconds, 45);
    assert.equal(api!.imagePullPolicy, 'Always');
    assert.deepEqual(api!.lifecycle, { preStop: { sleep: { seconds: 10 } } }, 'the native sleep action is served by this API server');
    assert.deepEqual(api!.readinessProbe!.grpc, { port: 9090, service: 'orders.v1.Orders' });
    assert.deepEqual(api!.livenessProbe!.httpGet, {
      httpHeaders: [
        { name: 'Host', value: 'api.example.com' },
        { name: 'X-Probe', value: 'liveness' },
      ],
      path: '/healthz',
      port: 'http',
      scheme: 'HTTP',
    });
    const svc = JSON.parse(kubectlOk(['get', 'service', 'api', '-n', ns, '-o', 'json'])) as { metadata: { annotations?: Record<string, string> }; spec: { type: string; ports: { name: string; nodePort?: number }[] } };
    assert.equal(svc.spec.type, 'NodePort');
    assert.equal(svc.metadata.annotations?.['example.com/team'], 'orders');
    assert.equal(svc.spec.ports.find((p) => p.name === 'http')?.nodePort, NODE_PORT);
    assert.ok(svc.spec.ports.find((p) => p.name === 'grpc')?.nodePort, 'the cluster chose one for the other port');
    dropNamespace(ns);
  });

  test('enabled: false prunes the component on the next up and keeps its data volume; enabling it again brings it back', () => {
    const ns = namespaceName('pod-enabled');
    const stack = (on: boolean) => `
name: shop
services:
  api: {image: ghcr.io/acme/api:1.0.0, ports: {http: 8080}, uses: [cache]}
  loadgen: {kind: worker, image: ghcr.io/acme/loadgen:1.0.0, uses: [api], enabled: ${on}}
infra:
  cache: {type: redis}
  search: {type: redis, enabled: ${on}}
`;
    const file = stackFile(stack(true));
    const up = () => slipway(['up', '-f', file, '-n', ns]);
    const first = up();
    assert.equal(first.status, 0, first.stderr + first.stdout);
    const claim = () => kubectl(['get', 'pvc', 'data-search-0', '-n', ns, '-o', 'jsonpath={.metadata.uid}']);
    const uid = claim().stdout;
    assert.ok(uid, 'search has its data volume');

    writeFileSync(file, stack(false));
    const off = up();
    assert.equal(off.status, 0, off.stderr + off.stdout);
    assert.match(off.stdout, /deleted Deployment\/.*loadgen/);
    assert.match(off.stdout, /deleted StatefulSet\/.*search/);
    assert.match(off.stdout, /kept PersistentVolumeClaim\/.*data-search-0/);
    assert.notEqual(kubectl(['get', 'deployment', 'loadgen', '-n', ns]).status, 0, 'loadgen is gone');
    assert.notEqual(kubectl(['get', 'statefulset', 'search', '-n', ns]).status, 0, 'the search server is gone');
    assert.equal(claim().stdout, uid, 'its data volume is the same claim');
    assert.equal(kubectl(['get', 'secret', 'search-credentials', '-n', ns]).status, 0, 'and its generated password stays');
    assert.equal(kubectl(['get', 'deployment', 'api', '-n', ns]).status, 0, 'the rest is untouched');

    writeFileSync(file, stack(true));
    const on = up();
    assert.equal(on.status, 0, on.stderr + on.stdout);
    assert.match(on.stdout, /ready search/);
    assert.equal(claim().stdout, uid, 'the server comes back on its old data');
    dropNamespace(ns);
  });
});
