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
 *
 * Users connect as an application user (`app`) with readWrite on the instance's database, never as root; root
 * (MONGO_INITDB_ROOT_*) stays for the entry's own Job. The provisioning Job creates that user, not the image's
 * /docker-entrypoint-initdb.d: the entrypoint runs initdb only when /data/db is empty (it checks for WiredTiger,
 * journal, local.0, storage.bson), so a stack that is already running would never get the user; and in a replica
 * set initdb runs in each member's temporary standalone mongod (the entrypoint strips --replSet and --keyFile), so
 * a user made there lives in one member's local data, which the initial sync of the others discards. The Job
 * creates it through the set's connection string, i.e. on the primary, and admin.system.users replicates it.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { execProbe } from '../generate/probes.js';
import { volumeNameForPath } from '../generate/names.js';
import { k8sEnv } from '../generate/pod/env.js';
import type { CatalogContext, CatalogEntry } from './contract.js';
import { defineCatalogEntry } from './define.js';
import { credentialsSecret, credentialsSecretName, endpoint, podHost, portProbe, provisionJob, serverObjects, shellQuote } from './common.js';
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

/** Databases no application user is given: MongoDB's own. */
const SYSTEM_DATABASES = ['admin', 'config', 'local'];

/**
 * The provisioning Job's script, run as root with the passwords read inside mongosh from its environment
 * (process.env), so none is on a command line. A replica set is initiated once on member 0 (re-running it on an
 * initiated set changes nothing); the application user is then written through the set's connection string, so
 * it lands on the primary whichever member that is. Retried as a whole until it succeeds: a member still starting
 * or a set without a primary yet fails one attempt.
 *
 * The user gets readWrite on the instance's database. When the Job first creates it on a server that already holds
 * other databases (a stack whose users connected as root before this user existed), it also gets readWrite on each
 * of those, so an upgrade takes no access away; later runs only set the password to the Secret's (the same value:
 * it is never rotated) and re-grant the main database, never revoke.
 */
export function provisionScript(infra: ResolvedInfra, ctx: CatalogContext): string {
  const rs = infra.replicas > 1;
  const hosts = members(infra, ctx);
  const config = { _id: infra.name, members: hosts.map((host, i) => ({ _id: i, host })) };
  const js = [
    `const first = connect('mongodb://${hosts[0]}/admin?directConnection=true&serverSelectionTimeoutMS=5000');`,
    `first.auth(process.env.MONGO_USER, process.env.MONGO_PASSWORD);`,
    ...(rs
      ? [
          `let initiated = true;`,
          `try { first.adminCommand({ replSetGetStatus: 1 }); } catch (e) { if (e.codeName !== 'NotYetInitialized') throw e; initiated = false; }`,
          `if (!initiated) printjson(first.adminCommand({ replSetInitiate: ${JSON.stringify(config)} }));`,
          `const admin = connect('mongodb://${hosts.join(',')}/admin?replicaSet=${infra.name}&serverSelectionTimeoutMS=5000');`,
          `admin.auth(process.env.MONGO_USER, process.env.MONGO_PASSWORD);`,
        ]
      : [`const admin = first;`]),
    `const name = process.env.APP_USER, pwd = process.env.APP_PASSWORD, main = process.env.APP_DATABASE;`,
    `const system = ${JSON.stringify(SYSTEM_DATABASES)};`,
    `if (admin.getUser(name)) { admin.updateUser(name, { pwd: pwd }); admin.grantRolesToUser(name, [{ role: 'readWrite', db: main }]); }`,
    `else { const held = admin.adminCommand({ listDatabases: 1, nameOnly: true }).databases.map((d) => d.name).filter((d) => d !== main && !system.includes(d)).sort();`,
    `  admin.createUser({ user: name, pwd: pwd, roles: [main, ...held].map((db) => ({ role: 'readWrite', db: db })) });`,
    `  print('created user ' + name + ' with readWrite on ' + [main, ...held].join(', ')); }`,
  ].join('\n');
  return ['set -eu', `i=0; until mongosh --quiet --norc --nodb --eval ${shellQuote(js)}; do i=$((i+1)); [ "$i" -lt 150 ] || exit 1; sleep 2; done`].join('\n');
}

/** The application user of an internal instance. */
export const APP_USER = 'app';

/** Secret of the application user's password (`<name>-app-credentials`): generated once, never rotated. */
export function appSecretName(infra: ResolvedInfra): string {
  return credentialsSecretName(infra, APP_USER);
}

export const mongodb: CatalogEntry = defineCatalogEntry({
  type: 'mongodb',
  description: 'MongoDB document database (official image): users connect as an application user with readWrite on the database, root stays for slipway; replica set with keyFile auth when clustered',
  image: 'mongo',
  defaultVersion: '8.0.26',
  port: PORT,
  env: { url: 'MONGODB_URI', host: 'MONGODB_HOST', port: 'MONGODB_PORT', database: 'MONGODB_DATABASE', user: 'MONGODB_USER', password: 'MONGODB_PASSWORD' },
  alsoRecognizes: /(^|\/)(mongo|mongodb|mongodb-community-server)$/,
  maxReplicas: 3,
  replicaCounts: [1, 3],
  productionReplicas: 3,
  user: { uid: 999, gid: 999 },
  names: {
    // Database names are under 64 bytes (MongoDB "Naming Restrictions"); user names have no documented limit below
    // the document size, so the schema's identifier syntax is the only check there.
    maxUser: 1024,
    maxDatabase: 63,
    // `app` is the application user the entry creates beside the root user (infra.user).
    reservedUsers: [APP_USER],
    // The application user gets readWrite on the main database: never on MongoDB's own.
    reservedDatabases: SYSTEM_DATABASES,
    source: 'docs/catalog.md (mongodb) and the MongoDB manual, "Naming Restrictions"',
  },

  connection(infra, ctx) {
    const e = endpoint(infra, ctx, PORT);
    const internal = infra.mode === 'internal';
    // A replica set is named in the URI with every member, so drivers find the primary themselves.
    const hosts = internal && infra.replicas > 1 ? members(infra, ctx).join(',') : `${e.host}:${e.port}`;
    const params = [...(internal && infra.replicas > 1 ? [`replicaSet=${infra.name}`] : []), 'authSource=admin', ...(e.tls ? ['tls=true'] : [])];
    // The database in the path is the driver's default database, the one the application user may write.
    const path = internal ? infra.database : '';
    const c = userConnection(infra, e, (user) => `mongodb://${user}:{password}@${hosts}/${path}?${params.join('&')}`, APP_USER);
    if (!internal) return c;
    return { ...c, database: infra.database, password: { name: appSecretName(infra), key: 'password' }, values: { ...c.values, database: infra.database } };
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
    const app = credentialsSecret(infra, ctx, ['password'], APP_USER, { user: APP_USER, database: infra.database });
    const job = provisionJob(infra, ctx, {
      image: infra.image,
      uid,
      gid,
      script: provisionScript(infra, ctx),
      env: [
        // mongosh keeps its history and logs under HOME; the Job's root filesystem is read-only.
        { name: 'HOME', value: '/tmp' },
        { name: 'MONGO_USER', value: infra.user },
        { name: 'MONGO_PASSWORD', secret: { name: secret.name, key: 'password' } },
        { name: 'APP_USER', value: APP_USER },
        { name: 'APP_DATABASE', value: infra.database },
        { name: 'APP_PASSWORD', secret: { name: app.name, key: 'password' } },
      ],
    });
    return { secrets: [secret, app], objects: [...objects, job] };
  },

  wait(infra, conn) {
    // The image's client (mongosh, Node.js) does not fit a wait container's memory: a TCP check against the client
    // Service, which only routes to members that are primary or secondary.
    return tcpWait(infra.name, conn.host, conn.port);
  },
});
