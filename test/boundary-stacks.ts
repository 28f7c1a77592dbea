/**
 * Boundary stacks for the API-acceptance rules: valid values just inside each limit the API server enforces,
 * and invalid ones just outside. Shared by the unit test (what validate says) and the cluster test (what the
 * real API server says about the rendered objects).
 */
export interface BoundaryCase {
  name: string;
  /** The stack, as data (written to the loader as JSON, which is YAML). */
  stack: Record<string, unknown>;
  /** undefined: validate accepts (warnings allowed); else the code validate must reject it with. */
  rejectedWith?: string;
  /** A warning validate must give while accepting. */
  warns?: string;
  /**
   * For rejected cases: whether the API server itself refuses the objects rendered with validation skipped.
   * false says why the rule is stricter than the objects' own validation.
   */
  apiRejects?: true | string;
}

const IMAGE = 'ghcr.io/acme/api:1.4.2';
const label = (n: number, c = 'a') => c.repeat(n);
/** A DNS subdomain of exactly n characters (labels of at most 63). */
function subdomain(n: number): string {
  const parts: string[] = [];
  let left = n;
  while (left > 0) {
    const take = Math.min(63, left);
    parts.push('a'.repeat(take));
    left -= take + 1;
  }
  const s = parts.join('.');
  return s.length > n ? s.slice(0, n).replace(/\.$/, 'a') : s;
}

function svc(extra: Record<string, unknown>, stackExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'edge', ...stackExtra, services: { api: { image: IMAGE, ports: { http: 8080 }, ...extra } } };
}
const cron = (schedule: string) => ({ name: 'edge', services: { job: { kind: 'cron', image: IMAGE, schedule } } });
const ingress = (host: string, more: Record<string, unknown> = {}) => svc({ ingress: { host, ...more } });

const MAX_KEY = `${subdomain(253)}/${label(63)}`;
const ANNOTATION_ROOM = 256 * 1024 - 1024;

export const VALID: BoundaryCase[] = [
  { name: 'label value of 63 characters and a maximal qualified key', stack: svc({ labels: { [MAX_KEY]: `a${'-_.'.repeat(20)}b` } }) },
  { name: 'empty label value', stack: svc({ labels: { team: '' } }) },
  { name: 'annotations just inside the size limit', stack: svc({ annotations: { [MAX_KEY]: 'x'.repeat(ANNOTATION_ROOM - MAX_KEY.length) } }) },
  { name: 'annotation key with upper case name part', stack: svc({ annotations: { 'example.com/Owner': 'Team Payments' } }) },
  { name: 'wildcard ingress host', stack: ingress('*.example.com') },
  { name: 'ingress host of 253 characters', stack: ingress(subdomain(253)) },
  { name: 'ingress host from vars and tenant', stack: { ...svc({ perTenant: true, ingress: { host: '${tenant}.${vars.domain}' } }), tenants: ['acme'], vars: { domain: 'shop.example.com' } } },
  ...['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m'].map((s) => ({ name: `schedule ${s}`, stack: cron(s) })),
  { name: 'schedule with full ranges and steps', stack: cron('0-59/15 0-23 1-31 1-12 0-6') },
  { name: 'schedule with names and lists', stack: cron('0 3,15 * JAN-dec mon-FRI') },
  { name: 'schedule with ? and step from a start', stack: cron('5/10 4 ? * sun') },
  { name: 'generated secret with a 253-character dotted name', stack: { ...svc({ env: { TOKEN: `\${secrets.${subdomain(253)}.token}` } }), secrets: { [subdomain(253)]: { generate: ['token'] } } } },
  { name: 'TLS secret name with dots', stack: ingress('shop.example.com', { tls: { secretName: 'shop.example.com-tls' } }) },
  { name: 'nodeSelector with maximal key and value', stack: svc({ placement: { nodeSelector: { [MAX_KEY]: label(63) } } }) },
  { name: 'toleration Exists without key tolerates everything', stack: svc({ placement: { tolerations: [{ operator: 'Exists' }] } }) },
  { name: 'toleration Equal with a 63-character value', stack: svc({ placement: { tolerations: [{ key: 'example.com/pool', operator: 'Equal', value: label(63), effect: 'NoExecute' }] } }) },
  { name: 'request equal to limit in other units', stack: svc({ resources: { cpu: '500m', memory: '1Gi', limits: { cpu: '0.5', memory: '1024Mi' } } }) },
  { name: 'request under a raised limit above the profile', stack: svc({ resources: { cpu: 2, limits: { cpu: 2 } } }) },
  { name: 'file inside the writable /tmp', stack: svc({ files: { '/tmp/app.conf': 'a: 1' } }) },
  { name: 'files just inside the ConfigMap limit', stack: svc({ files: { '/etc/app/big.txt': 'x'.repeat(1024 * 1024 - 100) } }) },
  { name: 'replicas at the maximum, ports and probes at the int32 edges', stack: svc({ replicas: 1000, ports: { http: 65535 }, user: 2147483647, health: { liveness: { tcp: true, initialDelay: 2147483647, period: 2147483647, timeout: 2147483647, failureThreshold: 2147483647 } } }) },
  { name: 'upper-case repository (a pull-time problem)', stack: svc({ image: 'ghcr.io/Acme/api:1.4.2' }), warns: 'image-reference' },
  { name: 'image built from vars, ${stack} and ${env}', stack: svc({ image: '${vars.registry}/${stack}-api:${env}' }, { vars: { registry: 'ghcr.io/acme' } }) },
  { name: 'upper-case repository from a var (a pull-time problem)', stack: svc({ image: '${vars.registry}/api:1.4.2' }, { vars: { registry: 'ghcr.io/Acme' } }), warns: 'image-reference' },
  { name: 'a literal ${ written as $${ in an image (a pull-time problem)', stack: svc({ image: 'ghcr.io/acme/api:$${TAG}' }), warns: 'image-reference' },
  { name: 'empty tag (a pull-time problem)', stack: svc({ image: 'ghcr.io/acme/api:' }), warns: 'image-reference' },
  { name: 'the same service used by two services', stack: { name: 'edge', services: { a: { image: IMAGE, ports: { http: 80 } }, b: { image: IMAGE, uses: ['a'] }, c: { image: IMAGE, uses: ['a'] } } } },
  { name: 'preStop sleep a second under the grace period', stack: svc({ gracePeriod: 10, preStop: { sleep: 9 } }) },
  { name: 'NodePort Service on the last default node port, with annotations', stack: svc({ expose: { type: 'NodePort', nodePorts: { http: 32767 }, annotations: { 'example.com/team': 'edge' } } }) },
  { name: 'LoadBalancer Service', stack: svc({ expose: { type: 'LoadBalancer' } }) },
  { name: 'gRPC probe with a service name, http probe with headers', stack: svc({ ports: { http: 8080, grpc: 9090 }, health: { readiness: { grpc: { service: 'orders.v1.Orders' }, port: 'grpc' }, liveness: { http: '/healthz', headers: { Host: 'api.example.com' } } } }) },
  { name: 'pull secret name of 253 characters, pull policy Never', stack: svc({ pullSecrets: [subdomain(253)], pullPolicy: 'Never' }) },
];

export const INVALID: BoundaryCase[] = [
  { name: 'label value of 64 characters', stack: svc({ labels: { team: label(64) } }), rejectedWith: 'invalid-label', apiRejects: true },
  { name: 'label value ending in -', stack: svc({ labels: { team: 'payments-' } }), rejectedWith: 'invalid-label', apiRejects: true },
  { name: 'label key name part of 64 characters', stack: svc({ labels: { [label(64)]: 'x' } }), rejectedWith: 'invalid-label', apiRejects: true },
  { name: 'label key prefix of 254 characters', stack: svc({ labels: { [`${subdomain(254)}/team`]: 'x' } }), rejectedWith: 'invalid-label', apiRejects: true },
  { name: 'label key prefix in upper case', stack: svc({ labels: { 'Example.com/team': 'x' } }), rejectedWith: 'invalid-label', apiRejects: true },
  { name: 'annotation key with two slashes', stack: svc({ annotations: { 'a.com/b/c': 'x' } }), rejectedWith: 'invalid-annotation', apiRejects: true },
  { name: 'ingress annotation key with a space', stack: ingress('shop.example.com', { annotations: { 'nginx ingress/x': 'y' } }), rejectedWith: 'invalid-annotation', apiRejects: true },
  { name: 'annotations over 256 KiB', stack: svc({ annotations: { note: 'x'.repeat(256 * 1024) } }), rejectedWith: 'annotations-too-large', apiRejects: true },
  { name: 'ingress host with a scheme', stack: ingress('https://shop.example.com'), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host with a port', stack: ingress('shop.example.com:8443'), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host in upper case', stack: ingress('Shop.example.com'), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host with an inner wildcard', stack: ingress('shop.*.example.com'), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host that is an IP', stack: ingress('10.0.0.1'), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host of 254 characters', stack: ingress(subdomain(254)), rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'ingress host from an upper-case var', stack: { ...ingress('${vars.domain}'), vars: { domain: 'Shop.example.com' } }, rejectedWith: 'invalid-ingress-host', apiRejects: true },
  { name: 'schedule with six fields', stack: cron('0 */5 * * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with hour 24', stack: cron('0 24 * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with day of week 7', stack: cron('0 3 * * 7'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with day of month 0', stack: cron('0 3 0 * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with a zero step', stack: cron('*/0 * * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with a backwards range', stack: cron('0 5-3 * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with an unknown name', stack: cron('0 3 * * funday'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with CRON_TZ=', stack: cron('CRON_TZ=UTC 0 3 * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'schedule with TZ=', stack: cron('TZ=Europe/Berlin 0 3 * * *'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'unknown @-descriptor', stack: cron('@fortnightly'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'descriptor after a space', stack: cron(' @daily'), rejectedWith: 'invalid-schedule', apiRejects: true },
  { name: 'generated secret with an upper-case name', stack: { ...svc({ env: { TOKEN: '${secrets.Api.token}' } }), secrets: { Api: { generate: ['token'] } } }, rejectedWith: 'invalid-secret-name', apiRejects: true },
  { name: 'generated secret name of 254 characters', stack: { ...svc({ env: { TOKEN: `\${secrets.${subdomain(254)}.token}` } }), secrets: { [subdomain(254)]: { generate: ['token'] } } }, rejectedWith: 'invalid-secret-name', apiRejects: true },
  { name: 'TLS secret name with an underscore', stack: ingress('shop.example.com', { tls: { secretName: 'shop_tls' } }), rejectedWith: 'invalid-secret-name', apiRejects: true },
  { name: 'nodeSelector value with a space', stack: svc({ placement: { nodeSelector: { disk: 'fast disks' } } }), rejectedWith: 'invalid-node-selector', apiRejects: true },
  { name: 'nodeSelector key with two slashes', stack: svc({ placement: { nodeSelector: { 'a/b/c': 'x' } } }), rejectedWith: 'invalid-node-selector', apiRejects: true },
  { name: 'toleration Exists with a value', stack: svc({ placement: { tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'data' }] } }), rejectedWith: 'invalid-toleration', apiRejects: true },
  { name: 'toleration without key or Exists', stack: svc({ placement: { tolerations: [{ value: 'x' }] } }), rejectedWith: 'invalid-toleration', apiRejects: true },
  { name: 'toleration key with a space', stack: svc({ placement: { tolerations: [{ key: 'my pool', operator: 'Exists' }] } }), rejectedWith: 'invalid-toleration', apiRejects: true },
  { name: 'toleration value of 64 characters', stack: svc({ placement: { tolerations: [{ key: 'pool', value: label(64) }] } }), rejectedWith: 'invalid-toleration', apiRejects: true },
  { name: 'cpu request above the profile limit', stack: svc({ resources: { cpu: 2 } }), rejectedWith: 'request-above-limit', apiRejects: true },
  { name: 'memory request 1 byte-unit above its limit', stack: svc({ resources: { memory: '1025Mi', limits: { memory: '1Gi' } } }), rejectedWith: 'request-above-limit', apiRejects: true },
  { name: 'cpu limit below the profile request', stack: svc({ resources: { limits: { cpu: '99m' } } }), rejectedWith: 'request-above-limit', apiRejects: true },
  {
    name: 'an unknown reference in an image',
    stack: svc({ image: 'ghcr.io/acme/api:${TAG}' }),
    rejectedWith: 'unknown-reference',
    apiRejects: 'nothing to send: resolve has no value for ${TAG}, so no objects are rendered',
  },
  {
    name: 'image with trailing whitespace',
    stack: svc({ image: `${IMAGE} ` }),
    rejectedWith: 'invalid-image',
    apiRejects: 'a workload template is accepted; the API server refuses each pod the controller then creates',
  },
  { name: 'the same dependency twice in uses', stack: { name: 'edge', services: { a: { image: IMAGE, ports: { http: 80 } }, b: { image: IMAGE, uses: ['a', { a: { wait: true } }] } } }, rejectedWith: 'duplicate-use', apiRejects: true },
  { name: 'a file on a writable path', stack: svc({ files: { '/data': 'x' }, writable: ['/data'] }), rejectedWith: 'file-on-writable-path', apiRejects: true },
  { name: 'a file at /tmp', stack: svc({ files: { '/tmp': 'x' } }), rejectedWith: 'file-on-writable-path', apiRejects: true },
  { name: 'files over 1 MiB', stack: svc({ files: { '/etc/app/big.txt': 'x'.repeat(1024 * 1024 + 1) } }), rejectedWith: 'config-too-large', apiRejects: true },
  { name: 'replicas 1001', stack: svc({ replicas: 1001 }), rejectedWith: 'out-of-range', apiRejects: 'the API takes any int32; slipway caps replicas at 1000 before per-replica work' },
  { name: 'replicas above int32', stack: svc({ replicas: 2147483648 }), rejectedWith: 'out-of-range', apiRejects: true },
  { name: 'probe period above int32', stack: svc({ health: { liveness: { tcp: true, period: 2147483648 } } }), rejectedWith: 'out-of-range', apiRejects: true },
  { name: 'port 65536', stack: svc({ ports: { http: 65536 } }), rejectedWith: 'out-of-range', apiRejects: true },
  { name: 'user id above int32', stack: svc({ user: 2147483648 }), rejectedWith: 'out-of-range', apiRejects: true },
  { name: 'preStop sleep longer than the grace period', stack: svc({ gracePeriod: 10, preStop: { sleep: 11 } }), rejectedWith: 'prestop-exceeds-grace', apiRejects: true },
  {
    name: 'preStop sleep as long as the grace period',
    stack: svc({ gracePeriod: 10, preStop: { sleep: 10 } }),
    rejectedWith: 'prestop-exceeds-grace',
    apiRejects: 'the API server allows a sleep of the whole grace period, which kills the app the moment it would be told to stop',
  },
  { name: 'nodePorts on a ClusterIP Service', stack: svc({ expose: { nodePorts: { http: 30001 } } }), rejectedWith: 'node-ports', apiRejects: true },
  {
    name: 'pull secret name with an underscore',
    stack: svc({ pullSecrets: ['ghcr_pull'] }),
    rejectedWith: 'invalid-secret-name',
    apiRejects: 'the API server takes any name in imagePullSecrets, but no Secret can have this one, so every pull would fail on a private registry',
  },
];
