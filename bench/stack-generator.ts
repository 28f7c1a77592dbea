/** Synthetic stacks for benchmarks and property tests: N services over the five catalog types, 3 environments. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { StackSpec } from '../src/model/stack.js';

export function syntheticStack(services: number): StackSpec {
  const infra: NonNullable<StackSpec['infra']> = {
    pg: { type: 'postgresql' },
    my: { type: 'mysql' },
    cache: { type: 'redis' },
    bus: { type: 'kafka' },
    olap: { type: 'clickhouse' },
  };
  const svc: NonNullable<StackSpec['services']> = {};
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    const uses: NonNullable<StackSpec['services']>[string]['uses'] = [i % 2 ? 'pg' : 'my', 'cache'];
    if (i % 5 === 0) uses.push('bus');
    if (i > 1 && i % 3 === 0) uses.push(`svc-${String((i - 1) % 7 === 6 ? i - 2 : i - 1).padStart(4, '0')}`);
    svc[name] = {
      image: `ghcr.io/acme/${name}:1.${i % 10}.0`,
      ...(i % 7 === 6 ? { kind: 'worker' as const } : { ports: { http: 8080 }, health: { readiness: { http: '/ready' }, liveness: { http: '/healthz' } } }),
      env: { LOG_LEVEL: 'info', SERVICE_INDEX: i, PUBLIC_HOST: `${name}.\${vars.domain}` },
      ...(i % 4 === 0 ? { files: { '/etc/app/config.yaml': `name: ${name}\nredis: \${infra.cache.host}\n` } } : {}),
      ...(i % 10 === 0 && i % 7 !== 6 ? { ingress: { host: `${name}.\${vars.domain}` } } : {}),
      uses,
    };
  }
  return {
    name: 'bench',
    vars: { domain: 'example.com' },
    infra,
    services: svc,
    environments: {
      dev: { profile: 'minimal' },
      preprod: { profile: 'default', vars: { domain: 'preprod.example.com' } },
      prod: { profile: 'production', vars: { domain: 'prod.example.com' }, infra: { olap: { mode: 'external', external: { host: 'olap.example.internal', passwordSecret: { name: 'olap' } } } } },
    },
  };
}

export function syntheticStackYaml(services: number): string {
  return stringify(syntheticStack(services));
}

/**
 * N services with no infra and no `uses`: one wave, nothing waits on anything. Applying it measures the test
 * cluster's own pace (kwok's simulated kubelets), the floor under any dependency-ordered apply.
 */
function emptyGraphStack(services: number): StackSpec {
  const svc: NonNullable<StackSpec['services']> = {};
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    svc[name] = { image: `ghcr.io/acme/${name}:1.${i % 10}.0`, ports: { http: 8080 }, health: { readiness: { http: '/ready' } }, env: { LOG_LEVEL: 'info' } };
  }
  return { name: 'floor', services: svc, environments: { dev: { profile: 'minimal' } } };
}

/** The synthetic stack (or the empty-graph one) of `services` services as a file in `dir`; its path. */
export function writeStack(dir: string, services: number, shape: 'graph' | 'empty' = 'graph'): string {
  const file = join(dir, `${shape === 'graph' ? 'stack' : 'floor'}-${services}.yaml`);
  writeFileSync(file, stringify(shape === 'graph' ? syntheticStack(services) : emptyGraphStack(services)));
  return file;
}
