/** One service instance → ResolvedService: the defaults per field, interpolation, wiring and probes. */
import { suggest } from '../diagnostics/did-you-mean.js';
import type { ModelPath } from '../load/source.js';
import type { EnvVar, ResolvedFile, ResolvedService } from '../model/resolved.js';
import type { ProbeSpec } from '../model/stack.js';
import type { ResolveContext } from './context.js';
import { PROFILES } from '../model/profiles.js';
import { writableDirs } from '../model/storage.js';
import { volumesOf } from './volumes.js';
import { disruptionOf, placement, resources } from './resources.js';
import { autoscaleOf, floorReplicas } from '../model/autoscale.js';
import { env as envVar, instanceScope, servicePortOf, text } from './scope.js';
import type { Instance } from './stamp.js';
import { checkEnvClash, wireUses } from './wire.js';
import { resolveAllow } from './network.js';
import { servicePull } from '../model/image-pull.js';
import { resolveProbe } from './probe.js';
import { restartFields } from './restart.js';

const DEFAULT_UID = 10001;

type Port = ResolvedService['ports'][number];

export function resolveService(ctx: ResolveContext, inst: Instance): ResolvedService {
  const svc = inst.spec;
  const at = (...rest: (string | number)[]): ModelPath => ['services', inst.base, ...rest];
  const scope = instanceScope(ctx, inst);
  const profile = PROFILES[ctx.catalog.profile];
  const kind = svc.kind ?? 'service';
  const ports: Port[] = Object.entries(svc.ports ?? {}).map(([name, p]) => ({
    name,
    port: typeof p === 'number' ? p : p.port,
    protocol: typeof p === 'number' ? 'TCP' : (p.protocol ?? 'TCP'),
    servicePort: servicePortOf(p),
  }));
  const env: EnvVar[] = [];
  const uses = wireUses(ctx, inst, env);
  const wired = new Set(env.map((e) => e.name));
  for (const [k, v] of Object.entries(svc.env ?? {})) {
    checkEnvClash(ctx, wired, k, at('env', k));
    envVar(ctx, k, String(v), scope, at('env', k), env);
  }
  const files: ResolvedFile[] = [];
  const keys = new Set<string>();
  for (const [path, content] of Object.entries(svc.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    let key = path.split('/').pop()!.replace(/[^-._a-zA-Z0-9]/g, '_') || 'file';
    for (let n = 2; keys.has(key); n++) key = `${n}-${key}`;
    keys.add(key);
    files.push({ path, key, content: text(ctx, content, scope, at('files', path)) });
  }
  const portName = (p: string | number | undefined, path: ModelPath) => portOf(ctx, inst, ports, p, path);
  const probe = (p: ProbeSpec | undefined, which: string, startup = false) => resolveProbe(ctx, inst, p, { which, startup, scope, ports, portName });
  const readiness = svc.health?.readiness ?? (kind === 'service' && ports.length ? { tcp: true } : undefined);
  const ingress = svc.ingress;
  const autoscale = autoscaleOf(svc);
  return {
    name: inst.name,
    base: inst.base,
    ...(inst.tenant ? { tenant: inst.tenant } : {}),
    ...(inst.shard ? { shard: inst.shard } : {}),
    kind,
    image: text(ctx, svc.image, scope, at('image')),
    ...(svc.command ? { command: svc.command.map((c, i) => text(ctx, c, scope, at('command', i))) } : {}),
    ...(svc.args ? { args: svc.args.map((c, i) => text(ctx, c, scope, at('args', i))) } : {}),
    ...(svc.workingDir ? { workingDir: svc.workingDir } : {}),
    ports,
    env,
    files,
    replicas: floorReplicas(svc, ctx.catalog.profile),
    ...(autoscale ? { autoscale } : {}),
    resources: resources(svc.resources, profile.resources),
    health: {
      ...(svc.health?.liveness ? { liveness: probe(svc.health.liveness, 'liveness') } : {}),
      ...(readiness ? { readiness: probe(readiness, 'readiness') } : {}),
      ...(svc.health?.startup ? { startup: probe(svc.health.startup, 'startup', true) } : {}),
    },
    pull: servicePull(svc, ctx.merged.pullSecrets, ctx.catalog.profile),
    ...(svc.gracePeriod !== undefined ? { gracePeriod: svc.gracePeriod } : {}),
    ...(svc.preStop ? { preStop: svc.preStop } : {}),
    expose: {
      type: svc.expose?.type ?? 'ClusterIP',
      annotations: svc.expose?.annotations ?? {},
      nodePorts: Object.fromEntries(Object.entries(svc.expose?.nodePorts ?? {}).map(([p, n]) => [String(portName(p, at('expose', 'nodePorts', p))), n])),
    },
    // Without ports there is nothing to route to; the ingress-needs-port rule reports it.
    ...(ingress && ports.length
      ? {
          ingress: {
            host: text(ctx, ingress.host, scope, at('ingress', 'host')),
            path: ingress.path ?? '/',
            port: String(portName(ingress.port, at('ingress', 'port')) ?? ''),
            ...(ingress.tls ? { tls: { secretName: ingress.tls === true ? `${inst.name}-tls` : ingress.tls.secretName } } : {}),
            ...(ingress.className ? { className: ingress.className } : {}),
            annotations: ingress.annotations ?? {},
          },
        }
      : {}),
    placement: placement(svc.placement),
    ...disruptionOf(svc, ctx.catalog.profile),
    uses,
    allow: resolveAllow(ctx, inst),
    ...(svc.schedule ? { schedule: svc.schedule } : {}),
    concurrency: svc.concurrency ?? 'Forbid',
    user: svc.user ?? DEFAULT_UID,
    writable: writableDirs(svc.writable),
    volumes: volumesOf(inst, ctx.instances),
    readOnlyRootFilesystem: svc.readOnlyRootFilesystem ?? true,
    serviceAccountToken: svc.serviceAccountToken ?? false,
    ...(svc.timeout ? { timeout: svc.timeout } : {}),
    ...restartFields(ctx, svc, inst.name, at(), inst),
    labels: svc.labels ?? {},
    annotations: svc.annotations ?? {},
  };
}

/** The name of the port a probe or ingress means (by name or number; the first port when unsaid). */
function portOf(ctx: ResolveContext, inst: Instance, ports: readonly Port[], p: string | number | undefined, path: ModelPath): string | number | undefined {
  if (p === undefined) return ports[0]?.name;
  const found = ports.find((x) => x.name === p || x.port === p);
  if (!found) {
    ctx.issues.push({
      code: 'unknown-port',
      message: `port ${JSON.stringify(p)} is not a port of "${inst.base}"`,
      hint: suggest(String(p), ports.map((x) => x.name), 'ports') || 'declare it under ports:', path,
    });
  }
  return found?.name ?? p;
}
