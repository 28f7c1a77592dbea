/**
 * Replicated ClickHouse: the config.d file that joins every replica to a Keeper ensemble and to one cluster
 * (clickhouse.com/docs/architecture/replication, docs/engines/table-engines/mergetree-family/replication):
 *
 * - `<zookeeper>`: the Keeper members, from the connection of the clickhouse-keeper entry named by
 *   `options.keeper` (its `nodes` value: every pod's stable DNS name, or an external Keeper's host:port).
 * - `<macros>`: `{cluster}` = default, `{shard}` = 1 (every pod holds all data: one shard, n replicas) and
 *   `{replica}` = the pod's stable DNS name, so `ReplicatedMergeTree` with no arguments and `ON CLUSTER '{cluster}'`
 *   work unchanged on every pod.
 * - `<interserver_http_host>`: the same name, which other replicas use to fetch parts (a pod IP would change).
 * - `<remote_servers>`: cluster `default` over every replica with internal_replication (Replicated tables copy
 *   the data themselves; a Distributed table then writes one replica). It replaces the image's own `default`
 *   cluster, which points at localhost only. The entrypoint replaces the `default` user with CLICKHOUSE_USER, so
 *   the cluster connects as that user, whose password stays in the env (`from_env`), never in the ConfigMap.
 */
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext } from './contract.js';
import { headlessName, podHost } from './common.js';

export const REPLICATION_FILE = 'zz-slipway-replication.xml';
export const CLUSTER = 'default';
export const INTERSERVER_PORT = 9009;
/** Env var holding the pod's stable DNS name: the {replica} macro and the interserver host. */
export const REPLICA_ENV = 'CLICKHOUSE_REPLICA';

/** `$(POD_NAME).<headless>.<namespace>.svc`, expanded by Kubernetes from the POD_NAME env var declared before it. */
export function replicaHost(infra: ResolvedInfra, ctx: CatalogContext): string {
  return `$(POD_NAME).${headlessName(infra)}.${ctx.namespace}.svc`;
}

/** host:port → [host, port]. */
function splitNode(node: string, defaultPort: number): [string, number] {
  const m = /^(.*):(\d+)$/.exec(node);
  return m ? [m[1] ?? node, Number(m[2])] : [node, defaultPort];
}

export function replicationConfig(infra: ResolvedInfra, ctx: CatalogContext, keeper: Connection, nativePort: number): string {
  const nodes = (keeper.values.nodes ?? `${keeper.host}:${keeper.port}`).split(',').filter((n) => n.length > 0);
  const zk = nodes.flatMap((n) => {
    const [host, port] = splitNode(n, keeper.port);
    return ['    <node>', `      <host>${host}</host>`, `      <port>${port}</port>`, ...(keeper.tls ? ['      <secure>1</secure>'] : []), '    </node>'];
  });
  const replicas = Array.from({ length: infra.replicas }, (_, i) => [
    '        <replica>',
    `          <host>${podHost(infra, ctx, i)}</host>`,
    `          <port>${nativePort}</port>`,
    '          <user from_env="CLICKHOUSE_USER"/>',
    '          <password from_env="CLICKHOUSE_PASSWORD"/>',
    '        </replica>',
  ]).flat();
  return [
    '<clickhouse>',
    '  <zookeeper>',
    ...zk,
    '  </zookeeper>',
    '  <macros>',
    `    <cluster>${CLUSTER}</cluster>`,
    '    <shard>1</shard>',
    `    <replica from_env="${REPLICA_ENV}"/>`,
    '  </macros>',
    `  <interserver_http_port>${INTERSERVER_PORT}</interserver_http_port>`,
    `  <interserver_http_host from_env="${REPLICA_ENV}"/>`,
    '  <remote_servers>',
    `    <${CLUSTER} replace="replace">`,
    '      <shard>',
    '        <internal_replication>true</internal_replication>',
    ...replicas,
    '      </shard>',
    `    </${CLUSTER}>`,
    '  </remote_servers>',
    '</clickhouse>',
    '',
  ].join('\n');
}
