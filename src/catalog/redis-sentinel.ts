/**
 * Redis with replicas: a primary, its replicas and one Sentinel beside each of them, all from the official
 * image (docker-library/redis: `redis-sentinel` is `redis-server` started with `--sentinel`, and the image runs
 * either as its redis user). Three pods of one StatefulSet, each running `redis` and `sentinel`; Sentinel
 * promotes a replica when the primary is down for a quorum of 2 (Redis docs, "High availability with Redis
 * Sentinel": at least three Sentinels on independent machines, quorum 2).
 *
 * Everything is announced by the pods' stable DNS names behind the headless Service, never by pod IPs, which
 * change on every restart: `replica-announce-ip` for Redis, `sentinel announce-ip` with `resolve-hostnames` and
 * `announce-hostnames` for Sentinel (same docs, "IP addresses and DNS names", Redis ≥ 6.2). Sentinel and Redis
 * share the instance's password: Redis via requirepass/masterauth, Sentinel via `sentinel auth-pass` towards
 * Redis and its own `requirepass` towards clients and the other Sentinels (same docs, "Configuring Sentinel
 * instances with authentication").
 *
 * Users get the Sentinel endpoints and the master name (`${infra.x.sentinels}`, `${infra.x.master}`), and ask a
 * Sentinel for the current primary, as Sentinel-aware clients do.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext } from './contract.js';
import { headlessName, podHost, shellQuote } from './common.js';

export const SENTINEL_PORT = 26379;
/** Majority of the three Sentinels: a failover needs two of them to agree the primary is down. */
export const QUORUM = 2;

/** The master name Sentinel monitors: the instance's name. */
export function masterName(infra: ResolvedInfra): string {
  return infra.name;
}

export function sentinelHosts(infra: ResolvedInfra, ctx: CatalogContext): string[] {
  return Array.from({ length: infra.replicas }, (_, i) => podHost(infra, ctx, i));
}

/** `host:26379,…` of every Sentinel, in pod order: what Sentinel-aware clients are configured with. */
export function sentinelList(infra: ResolvedInfra, ctx: CatalogContext): string {
  return sentinelHosts(infra, ctx)
    .map((h) => `${h}:${SENTINEL_PORT}`)
    .join(',');
}

/**
 * Shell that sets `master` to the current primary's host: the first Sentinel that knows answers; when none
 * does (a fresh set, or every Sentinel restarted at once), pod 0 is the primary. redis-cli reads the password
 * from REDISCLI_AUTH.
 */
function discoverMaster(infra: ResolvedInfra, ctx: CatalogContext): string {
  const hosts = sentinelHosts(infra, ctx).join(' ');
  return [
    'master=""',
    `for s in ${hosts}; do`,
    `  a=$(redis-cli -h "$s" -p ${SENTINEL_PORT} --raw sentinel get-master-addr-by-name ${shellQuote(masterName(infra))} 2>/dev/null | head -n 1) || a=""`,
    // An unknown master answers an empty (nil) reply; errors (LOADING, NOAUTH, connection refused) print words
    // that are no host name, so only a name under the headless Service counts.
    `  case "$a" in *.${headlessName(infra)}.${ctx.namespace}.svc) master=$a; break ;; esac`,
    'done',
    `[ -n "$master" ] || master=${podHost(infra, ctx, 0)}`,
  ].join('\n');
}

/** This pod's own stable name (the pod's hostname is its StatefulSet pod name). */
function self(infra: ResolvedInfra, ctx: CatalogContext): string {
  return `me="$(hostname).${headlessName(infra)}.${ctx.namespace}.svc"`;
}

/**
 * The flags redisScript passes before the container's args, and why the set relies on each. None of them is
 * visible to a check of the container's command (it is `sh -c <script>`), so redis.ts declares them reserved.
 */
export const SET_FLAGS: readonly { flag: string; value: (port: number) => string; why: string }[] = [
  { flag: '--port', value: (port) => String(port), why: 'probes, waits, the Services and the Sentinels use 6379' },
  { flag: '--requirepass', value: () => '"$REDIS_PASSWORD"', why: 'clients, probes and the Sentinels authenticate with the generated password' },
  { flag: '--masterauth', value: () => '"$REDIS_PASSWORD"', why: 'replicas authenticate to the primary with the generated password' },
  { flag: '--appendonly', value: () => 'yes', why: 'the data on the volume is the append-only file' },
  { flag: '--dir', value: () => '/data', why: 'the data volume is mounted at /data' },
  { flag: '--replica-announce-ip', value: () => '"$me"', why: "the Sentinels find each server by its pod's stable DNS name" },
];

/** Flags the set passes itself, with why: SET_FLAGS and the role Sentinel decides (--replicaof, its old name --slaveof). */
export const SENTINEL_RESERVED_FLAGS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(SET_FLAGS.map((f) => [f.flag, f.why])),
  '--replicaof': 'the Sentinels decide which server is the primary',
  '--slaveof': 'the Sentinels decide which server is the primary',
};

/**
 * The Redis container: primary when the Sentinels (or, on a fresh set, the ordinal) say so, else a replica of
 * the primary they name. umask 0077 as the image's entrypoint sets it (docker-entrypoint.sh), which this
 * script replaces so it can decide the role first.
 */
export function redisScript(infra: ResolvedInfra, ctx: CatalogContext, port: number, extraArgs: readonly string[]): string {
  return [
    'set -eu',
    'umask 0077',
    self(infra, ctx),
    discoverMaster(infra, ctx),
    // "$@" holds the container's args (the stack's args and options.config; redis.ts): kept after the set's own
    // flags, which would let them override these; redis.ts reserves every one of SET_FLAGS so validation refuses that.
    `set -- ${SET_FLAGS.map((f) => `${f.flag} ${f.value(port)}`).join(' ')} "$@"`,
    ...(extraArgs.length ? [`set -- "$@" ${extraArgs.map(shellQuote).join(' ')}`] : []),
    `[ "$master" = "$me" ] || set -- "$@" --replicaof "$master" ${port}`,
    'exec redis-server "$@"',
  ].join('\n');
}

/**
 * The Sentinel container: writes its configuration into its own scratch directory (Sentinel rewrites the file
 * with what it learns, so it must be writable) and starts monitoring the current primary.
 */
export function sentinelScript(infra: ResolvedInfra, ctx: CatalogContext, port: number, confDir: string): string {
  const m = masterName(infra);
  return [
    'set -eu',
    'umask 0077',
    self(infra, ctx),
    discoverMaster(infra, ctx),
    `cat > ${confDir}/sentinel.conf <<EOF`,
    `port ${SENTINEL_PORT}`,
    `dir ${confDir}`,
    // resolve-hostnames must come before the monitor line, which names the primary by host name.
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    'sentinel announce-ip $me',
    'requirepass $REDIS_PASSWORD',
    `sentinel monitor ${m} $master ${port} ${QUORUM}`,
    `sentinel auth-pass ${m} $REDIS_PASSWORD`,
    `sentinel down-after-milliseconds ${m} 5000`,
    `sentinel failover-timeout ${m} 60000`,
    `sentinel parallel-syncs ${m} 1`,
    'EOF',
    `exec redis-server ${confDir}/sentinel.conf --sentinel`,
  ].join('\n');
}

/**
 * What proves a Sentinel-run Redis serves a user: a Sentinel answers with the primary's address, that primary
 * answers PING with PONG, and the Sentinels can reach their quorum and authorise a failover (CKQUORUM).
 */
export function sentinelCheck(host: string, master: string): string {
  const s = `redis-cli -h ${host} -p ${SENTINEL_PORT}`;
  return `{ set -- $(${s} --raw sentinel get-master-addr-by-name ${shellQuote(master)}) && [ $# -eq 2 ] && redis-cli -h "$1" -p "$2" ping | grep -q PONG && ${s} sentinel ckquorum ${shellQuote(master)} | grep -q '^OK'; }`;
}
