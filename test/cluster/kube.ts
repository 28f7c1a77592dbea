/**
 * Helpers for tests against the real test cluster started by scripts/run-tests (KUBECONFIG, kubectl on PATH).
 * Every test works in its own namespace.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { renderStack, type RenderResult } from '../../src/commands/render.js';
import { toYaml } from '../../src/emit/yaml.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { loadStack } from '../../src/load/load-stack.js';
import { sleep } from '../../src/util/concurrency.js';
import { stackFile, tempDir } from '../helpers.js';

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function requireCluster(): void {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run the suite with `npm test`, which starts the test cluster');
}

export function kubectl(args: string[], input?: string, timeoutMs = 180_000): Result {
  requireCluster();
  const r = spawnSync('kubectl', args, { encoding: 'utf8', input, timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** kubectl that must succeed; the failure message carries kubectl's own error. */
export function kubectlOk(args: string[], input?: string, timeoutMs?: number): string {
  const r = kubectl(args, input, timeoutMs);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

let counter = 0;
/** A fresh namespace name for one test (created by the caller or by applying a render into it). */
export function namespaceName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`.slice(0, 63).replace(/-+$/, '');
}

export function createNamespace(prefix: string): string {
  const ns = namespaceName(prefix);
  kubectlOk(['create', 'namespace', ns]);
  return ns;
}

/** Delete without waiting: namespace teardown runs in the background while other tests go on. */
export function dropNamespace(ns: string): void {
  kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
}

export function writeTemp(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Apply every object with server-side apply as slipway's field manager. */
export function serverSideApply(file: string, extra: string[] = []): Result {
  return kubectl(['apply', '--server-side', '--field-manager=slipway', '-f', file, ...extra]);
}

/** Render inline stack text into `ns` and server-side apply it with kubectl: the namespace first, then the rest. */
export function applyRendered(text: string, ns: string): RenderResult {
  const result = renderStack(loadStack(stackFile(text)), { namespace: ns });
  const [namespace, ...rest] = result.objects;
  assert.equal(serverSideApply(writeTemp('ns.yaml', toYaml([namespace!]))).status, 0);
  const applied = serverSideApply(writeTemp('objects.yaml', toYaml(rest)));
  assert.equal(applied.status, 0, applied.stderr);
  return result;
}

/** Wait until every workload in the namespace is ready (rollouts complete, Jobs complete). */
export function waitAllReady(ns: string, timeout = '180s'): void {
  for (const kind of ['statefulset', 'deployment', 'daemonset']) {
    const names = kubectlOk(['get', kind, '-n', ns, '-o', 'name']).split('\n').filter(Boolean);
    for (const n of names) kubectlOk(['rollout', 'status', n, '-n', ns, `--timeout=${timeout}`], undefined, 240_000);
  }
  const jobs = kubectlOk(['get', 'job', '-n', ns, '-o', 'name']).split('\n').filter(Boolean);
  if (jobs.length) kubectlOk(['wait', '--for=condition=complete', ...jobs, '-n', ns, `--timeout=${timeout}`], undefined, 240_000);
}

/** Node pools the examples select (pool: data …) exist in the test cluster: label nodes to provide them. */
export function provideNodePools(objects: K8sObject[]): void {
  const wanted = new Map<string, Set<string>>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'nodeSelector' && x && typeof x === 'object') for (const [lk, lv] of Object.entries(x)) wanted.set(lk, (wanted.get(lk) ?? new Set()).add(String(lv)));
        else visit(x);
      }
    }
  };
  visit(objects);
  const nodes = kubectlOk(['get', 'nodes', '-o', 'name']).trim().split('\n').sort();
  for (const [key, values] of wanted) {
    [...values].sort().forEach((value, i) => kubectlOk(['label', '--overwrite', nodes[i % nodes.length]!, `${key}=${value}`]));
  }
}


/** Poll `check` every half second for up to a minute; fail with `what` if it never holds (controllers act asynchronously). */
export async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (check()) return;
    await sleep(500);
  }
  assert.fail(what);
}
