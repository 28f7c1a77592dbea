/**
 * MongoDB from the official image (https://hub.docker.com/_/mongo, docker-library/mongo
 * 8.0/{Dockerfile,docker-entrypoint.sh}). The image's user is mongodb, UID/GID 999 (`useradd --uid 999`); the
 * entrypoint steps down with gosu only when started as root. On an empty /data/db it starts a temporary mongod on
 * 127.0.0.1 without --replSet, --keyFile and --auth, creates MONGO_INITDB_ROOT_USERNAME in admin, stops it and
 * execs the real command (entrypoint "_mongod_hack_ensure_no_arg_val --replSet"); its temporary files go to $TMPDIR.
 *
 * Replicas 3 form the replica set `<name>`: members authenticate to each other with a keyFile (a generated Secret,
 * written mode 0400 by an init container, since mongod refuses a group-readable key file), and a re-runnable Job
 * initiates the set once all members answer.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import { volumeNameForPath } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, endpoint, podHost, portProbe, provisionJob, serverObjects } from './common.js';
import { userConnection } from './user-connection.js';
import { tcpWait } from './wait.js';
import { runAs } from './image-user.js';

const PORT = 27017;
const KEY_DIR = '/etc/mongo-key';

/**
 * Ready: this member serves reads and writes as primary or secondary (a member still in STARTUP or RECOVERING
 * does not), asked over the pod IP because the entrypoint's init-time mongod listens on 127.0.0.1 only.
 * `hello` needs no authentication.
 */
export const READY = ['sh', '-c', `mongosh --quiet --norc --host "$POD_IP" --port ${PORT} --eval 'const h = db.hello(); quit(h.isWritablePrimary || h.secondary ? 0 : 1)'`];

function members(infra: ResolvedInfra, ctx: CatalogContext): string[] {
  return Array.from({ length: infra.replicas }, (_, i) => `${podHost(infra, ctx, i)}:${PORT}`);
}

/**
 * rs.initiate once, as the root user on member 0; mongosh reads the password from the environment in its own
 * script (process.env), so it is never on a command line. Re-running it on an initiated set changes nothing.
 */
export function initiateScript(infra: ResolvedInfra, ctx: CatalogContext): string {
  const config = { _id: infra.name, members: members(infra, ctx).map((host, i) => ({ _id: i, host })) };
  const js = [
    `const conn = connect('mongodb://${members(infra, ctx)[0]}/admin?directConnection=true');`,
    `conn.auth(process.env.MONGO_USER, process.env.MONGO_PASSWORD);`,
    `let initiated = true;`,
    `try { conn.adminCommand({ replSetGetStatus: 1 }); } catch (e) { if (e.codeName !== 'NotYetInitialized') throw e; initiated = false; }`,
    `if (!initiated) printjson(conn.adminCommand({ replSetInitiate: ${JSON.stringify(config)} }));`,
  ].join(' ');
  return ['set -eu', `i=0; until mongosh --quiet --norc --nodb --eval ${shq(js)}; do i=$((i+1)); [ "$i" -lt 150 ] || exit 1; sleep 2; done`].join('\n');
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export const mongodb: CatalogEntry = defineCatalogEntry({
  type: 'mongodb',
  description: 'MongoDB document database (official image), root user from a generated Secret, replica set with keyFile auth when clustered',
  image: 'mongo',
  defaultVersion: '8.0.26',
  port: PORT,
  env: { url: 'MONGODB_URI', host: 'MONGODB_HOST', port: 'MONGODB_PORT', user: 'MONGODB_USER', password: 'MONGODB_PASSWORD' },
  alsoRecognizes: /(^|\/)(mongo|mongodb|mongodb-community-server)$/,
  maxReplicas: 3,
  replicaCounts: [1, 3],
  productionReplicas: 3,
  user: { uid: 999, gid: 999 },

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    // A replica set is named in the URI with every member, so drivers find the primary themselves.
    const hosts = infra.mode === 'internal' && infra.replicas > 1 ? members(infra, ctx).join(',') : `${e.host}:${e.port}`;
    const params = [...(infra.mode === 'internal' && infra.replicas > 1 ? [`replicaSet=${infra.name}`] : []), 'authSource=admin', ...(e.tls ? ['tls=true'] : [])];
    return userConnection(infra, e, (user) => `mongodb://${user}:{password}@${hosts}/?${params.join('&')}`);
  },

  internal(infra, ctx) {
    const rs = infra.replicas > 1;
    const secret = credentialsSecret(infra, ctx, rs ? ['password', 'keyfile'] : ['password'], undefined, { user: infra.user });
    const { uid, gid } = runAs(mongodb, infra.image);
    const password = { name: 'MONGO_INITDB_ROOT_PASSWORD', secret: { name: secret.name, key: 'password' } };
    const objects = serverObjects(infra, ctx, {
      uid,
      gid,
      replicas: infra.replicas,
      ports: [{ name: 'mongodb', port: PORT }],
      dataPath: '/data/db',
      // /data/configdb is the image's second VOLUME (config servers only); the entrypoint and mongosh use /tmp.
      writable: ['/data/configdb', '/tmp', ...(rs ? [KEY_DIR] : [])],
      ...(rs
        ? {
            initContainers: [
              {
                name: 'keyfile',
                image: infra.image,
                command: ['sh', '-c', `umask 277; rm -f ${KEY_DIR}/keyfile; printf '%s' "$MONGO_KEYFILE" > ${KEY_DIR}/keyfile`],
                env: k8sEnv([{ name: 'MONGO_KEYFILE', secret: { name: secret.name, key: 'keyfile' } }]),
                volumeMounts: [{ name: volumeNameForPath(KEY_DIR), mountPath: KEY_DIR }],
              },
            ],
            statefulSet: { podManagementPolicy: 'Parallel' },
          }
        : {}),
      // mongod checkpoints and closes its journal on SIGTERM.
      pod: { terminationGracePeriodSeconds: 60 },
      container: {
        name: 'mongodb',
        image: infra.image,
        args: ['mongod', '--bind_ip_all', ...(rs ? ['--replSet', infra.name, '--keyFile', `${KEY_DIR}/keyfile`] : [])],
        env: [
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          ...k8sEnv([{ name: 'MONGO_INITDB_ROOT_USERNAME', value: infra.user }, password]),
        ],
        // mongosh is a Node.js program: a probe takes a second or two of CPU, hence the long period and timeout.
        startupProbe: execProbe(READY, { period: 10, timeout: 15, failureThreshold: 60 }),
        readinessProbe: execProbe(READY, { period: 15, timeout: 15 }),
        livenessProbe: portProbe('mongodb', undefined, { period: 20, failureThreshold: 6 }),
      },
    });
    if (!rs) return { secrets: [secret], objects };
    const job = provisionJob(infra, ctx, {
      image: infra.image,
      uid,
      gid,
      script: initiateScript(infra, ctx),
      env: [
        // mongosh keeps its history and logs under HOME; the Job's root filesystem is read-only.
        { name: 'HOME', value: '/tmp' },
        { name: 'MONGO_USER', value: infra.user },
        { name: 'MONGO_PASSWORD', secret: { name: secret.name, key: 'password' } },
      ],
    });
    return { secrets: [secret], objects: [...objects, job] };
  },

  wait(infra, conn) {
    // The image's client (mongosh, Node.js) does not fit a wait container's memory: a TCP check against the client
    // Service, which only routes to members that are primary or secondary.
    return tcpWait(infra.name, conn.host, conn.port);
  },
});
