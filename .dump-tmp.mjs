import { catalogEntry } from '/work/main/dist/src/catalog/registry.js';
import { stringify } from '/work/main/node_modules/yaml/dist/index.js';
const [type, ...dbs] = process.argv.slice(2);
const e = catalogEntry(type);
const infra = { name: type === 'postgresql' ? 'db' : type, type, mode: 'internal', image: `${e.image}:${e.defaultVersion}`, version: e.defaultVersion, replicas: type === 'kafka' ? 3 : 1, storage: '1Gi', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, placement: { nodeSelector: {}, tolerations: [] }, database: 'shop', user: 'shop', databases: dbs };
const ctx = { stack: 'shop', environment: 'dev', namespace: 'shop-dev', profile: 'default' };
const out = e.internal(infra, ctx);
console.log(stringify({ secrets: out.secrets, objects: out.objects, conn: e.connection(infra, ctx, dbs[0]), wait: e.wait(infra, e.connection(infra, ctx, dbs[0]), ctx) }));
