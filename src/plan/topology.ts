/**
 * Topology changes `up` refuses on a live stack, the pure half: given the shape each internal instance has in the
 * cluster (read by lifecycle/topology.ts) and the shape the stack now asks for, one finding per change that a
 * re-apply would carry out by losing data or quorum. `up --allow-topology-change` lets the user take them knowingly.
 *
 * - PostgreSQL, one server ↔ CloudNativePG Cluster: the two keep their data on different volumes (the StatefulSet's
 *   `data-<name>-0`; the operator's own PVCs, which it deletes with the Cluster), so either switch starts an empty
 *   database and prunes the old one.
 * - Redis with Sentinel: the set's primary can be any pod after a failover; shrinking it to one server keeps pod 0,
 *   which may be a replica (without the writes since its last sync), and changing three to another count leaves
 *   Sentinels that still count the old members toward their quorum.
 * - ClickHouse Keeper: the Raft members are written into every member's keeper_config.xml; a different count gives
 *   members that disagree on the ensemble, so it loses quorum (and with it ClickHouse's replicated tables' metadata
 *   writes) until it is rebuilt.
 */
import type { Issue } from '../diagnostics/issue.js';
import type { ResolvedInfra } from '../model/resolved.js';

/** What runs an internal instance in the cluster now. */
export interface LiveShape {
  /** slipway's own StatefulSet, or the CloudNativePG Cluster of a replicated PostgreSQL. */
  kind: 'StatefulSet' | 'Cluster';
  /** spec.replicas (StatefulSet) or spec.instances (Cluster). */
  replicas: number;
}

/** The types whose live shape `up` compares with the stack. */
export const GUARDED_TYPES: readonly string[] = ['postgresql', 'redis', 'clickhouse-keeper'];

export const ALLOW_FLAG = '--allow-topology-change';

const finding = (infra: ResolvedInfra, message: string, hint: string): Issue => ({
  code: 'topology-change',
  message: `infra.${infra.name}: ${message}`,
  hint: `${hint}; or run up with ${ALLOW_FLAG} to apply it anyway, accepting that`,
  path: ['infra', infra.name, 'replicas'],
});

function postgresql(infra: ResolvedInfra, live: LiveShape): Issue | undefined {
  const ha = infra.replicas > 1;
  if (ha && live.kind === 'StatefulSet') {
    return finding(
      infra,
      `the live PostgreSQL is one server (StatefulSet ${infra.name}, data on volume data-${infra.name}-0); replicas: ${infra.replicas} makes it a CloudNativePG Cluster, which initialises new, empty volumes, and the StatefulSet would be pruned: the data would not move`,
      `migrate with CloudNativePG's import (docs "Importing Postgres databases": a new Cluster whose bootstrap.initdb.import reads the running server) or dump and restore (pg_dumpall from ${infra.name}-0, psql into ${infra.name}-rw after the switch); the old volume data-${infra.name}-0 is kept either way`,
    );
  }
  if (!ha && live.kind === 'Cluster') {
    return finding(
      infra,
      `the live PostgreSQL is a CloudNativePG Cluster of ${live.replicas}; replicas: 1 makes it one StatefulSet server with a new, empty volume, and pruning the Cluster lets the operator delete its volumes with it: the data would be lost`,
      `dump the databases first (pg_dumpall through ${infra.name}-rw) and restore them into the new server after the switch, or keep replicas above 1`,
    );
  }
  return undefined;
}

function redis(infra: ResolvedInfra, live: LiveShape): Issue | undefined {
  if (live.kind !== 'StatefulSet' || live.replicas < 2 || infra.replicas === live.replicas) return undefined;
  return finding(
    infra,
    `the live Redis is a Sentinel set of ${live.replicas}; replicas: ${infra.replicas} ${infra.replicas === 1 ? `keeps only pod ${infra.name}-0 as a plain server, which may be a replica of the current primary and lack the writes since its last sync` : 'changes the members the Sentinels count toward their quorum'}`,
    `make ${infra.name}-0 the primary first (SENTINEL FAILOVER ${infra.name} until ${infra.name}-0 reports role:master) and persist it (BGSAVE), or export the data and import it after the change`,
  );
}

function keeper(infra: ResolvedInfra, live: LiveShape): Issue | undefined {
  if (live.kind !== 'StatefulSet' || infra.replicas === live.replicas) return undefined;
  return finding(
    infra,
    `the live ClickHouse Keeper ensemble has ${live.replicas} member(s); replicas: ${infra.replicas} rewrites every member's Raft configuration, so old and new members disagree on the ensemble and it loses quorum; the coordination data of replicated tables may be lost with the members that go`,
    `add a new clickhouse-keeper entry with ${infra.replicas} member(s), point clickhouse's options.keeper at it and restore the replicated tables' metadata there (SYSTEM RESTORE REPLICA), then remove the old entry`,
  );
}

const CHECKS: Readonly<Record<string, (infra: ResolvedInfra, live: LiveShape) => Issue | undefined>> = { postgresql, redis, 'clickhouse-keeper': keeper };

/** One finding per internal instance whose live shape the stack would change at the cost of data or quorum. */
export function topologyFindings(infra: readonly ResolvedInfra[], live: ReadonlyMap<string, LiveShape>): Issue[] {
  const out: Issue[] = [];
  for (const i of infra) {
    const shape = live.get(i.name);
    const check = CHECKS[i.type];
    if (i.mode !== 'internal' || !shape || !check) continue;
    const f = check(i, shape);
    if (f) out.push(f);
  }
  return out;
}
