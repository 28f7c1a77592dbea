/**
 * Scraped catalog instances on the real API server: a production stack with every entry that has a metrics
 * endpoint goes through `up` to Ready (strict server-side apply of the exporter containers, the metrics ports,
 * Kafka's exporter Deployment and its NetworkPolicy, the monitoring users' Secrets and Jobs).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { slipway } from '../helpers.js';
import { dropNamespace, kubectlOk, namespaceName } from './kube.js';

type Obj = Record<string, any>;

const STACK = join('test', 'fixtures', 'exporters', 'stack.yaml');

test('postgresql, mysql, redis (Sentinel), kafka, clickhouse, rabbitmq and nats with their metrics endpoints reach Ready', () => {
  const ns = namespaceName('exporters');
  try {
    const up = slipway(['up', '-f', STACK, '-e', 'prod', '-n', ns, '--timeout', '300']);
    assert.equal(up.status, 0, up.stderr + up.stdout);
    const get = (kind: string, name: string) => JSON.parse(kubectlOk(['get', kind, name, '-n', ns, '-o', 'json'])) as Obj;

    const exporters: Record<string, [container: string | undefined, port: number]> = {
      pg: ['postgres-exporter', 9187],
      my: ['mysqld-exporter', 9104],
      cache: ['redis-exporter', 9121],
      olap: [undefined, 9363],
      mq: [undefined, 15692],
      bus: ['nats-exporter', 7777],
    };
    for (const [name, [container, port]] of Object.entries(exporters)) {
      const sts = get('statefulset', name);
      assert.equal(sts.status.readyReplicas, sts.spec.replicas, `${name} ready`);
      const containers = sts.spec.template.spec.containers as Obj[];
      const serving = container ? containers.find((c) => c.name === container) : containers[0];
      assert.ok(serving, `${name}: ${container}`);
      assert.ok((serving.ports as Obj[]).some((p) => p.name === 'metrics' && p.containerPort === port), `${name} pod port`);
      for (const svc of [name, `${name}-headless`]) assert.ok((get('service', svc).spec.ports as Obj[]).some((p) => p.name === 'metrics' && p.port === port), `${svc} port`);
    }

    const kafka = get('deployment', 'events-exporter');
    assert.equal(kafka.status.readyReplicas, 1);
    const policies = JSON.parse(kubectlOk(['get', 'networkpolicy', '-n', ns, '-o', 'json'])) as Obj;
    assert.ok(
      policies.items.some((p: Obj) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'events-exporter'),
      "the exporter's pods have a NetworkPolicy of their own",
    );

    // The monitoring users' Secrets, made by the Jobs that ran to completion.
    for (const name of ['pg', 'my']) assert.deepEqual(Object.keys(get('secret', `${name}-exporter`).data).sort(), ['password', 'user']);
    const jobs = JSON.parse(kubectlOk(['get', 'jobs', '-n', ns, '-o', 'json'])) as Obj;
    for (const name of ['pg', 'my']) assert.equal(jobs.items.find((j: Obj) => j.metadata.name.startsWith(`${name}-provision-`))?.status?.succeeded, 1, `${name} provisioning`);

    const down = slipway(['down', '-f', STACK, '-e', 'prod', '-n', ns]);
    assert.equal(down.status, 0, down.stderr + down.stdout);
  } finally {
    dropNamespace(ns);
  }
});
