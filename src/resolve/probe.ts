/** One health probe of a service → ResolvedProbe: its port, timings and the action's options. */
import type { ModelPath } from '../load/source.js';
import type { ResolvedPort, ResolvedProbe } from '../model/resolved.js';
import type { ProbeSpec } from '../model/stack.js';
import type { ResolveContext } from './context.js';
import type { Scope } from './interpolate.js';
import { text } from './scope.js';
import type { Instance } from './stamp.js';

export interface ProbeSite {
  /** liveness, readiness or startup. */
  which: string;
  startup: boolean;
  scope: Scope;
  ports: readonly ResolvedPort[];
  /** The name of the port a probe means (reports an unknown one). */
  portName(p: string | number | undefined, path: ModelPath): string | number | undefined;
}

export function resolveProbe(ctx: ResolveContext, inst: Instance, p: ProbeSpec | undefined, site: ProbeSite): ResolvedProbe | undefined {
  if (!p) return undefined;
  const at = (...rest: string[]): ModelPath => ['services', inst.base, 'health', site.which, ...rest];
  const named = p.exec ? undefined : site.portName(p.port, at('port'));
  if (!p.exec && named === undefined) {
    ctx.issues.push({
      code: 'probe-port',
      message: `the ${site.which} probe needs a port but "${inst.base}" has none`,
      hint: 'add ports: {http: 8080} or use exec',
      path: at(),
    });
  }
  const grpc = p.grpc ? (p.grpc === true ? {} : { service: p.grpc.service }) : undefined;
  // The gRPC action takes a port number only; the container port behind the name is what the kubelet dials.
  const port = grpc ? (site.ports.find((x) => x.name === named)?.port ?? named) : named;
  const headers = Object.entries(p.headers ?? {}).map(([name, value]) => ({ name, value: text(ctx, value, site.scope, at('headers', name)) }));
  return {
    ...(p.http ? { http: p.http } : {}),
    ...(p.http && headers.length ? { headers } : {}),
    ...(p.tcp ? { tcp: true } : {}),
    ...(grpc ? { grpc } : {}),
    ...(p.exec ? { exec: p.exec } : {}),
    ...(port !== undefined ? { port } : {}),
    initialDelay: p.initialDelay ?? 0,
    period: p.period ?? 10,
    timeout: p.timeout ?? 3,
    failureThreshold: p.failureThreshold ?? (site.startup ? 30 : 3),
  };
}
