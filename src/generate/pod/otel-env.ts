/**
 * The OpenTelemetry SDK environment of a traced service (observability.traces): where to export, how, under which
 * name, with which resource attributes. OTLP/gRPC on the collector's first port: every SDK speaks it, and the
 * endpoint is then the collector's connection URL as is (HTTP would need the per-signal /v1/… paths right).
 * A variable the service already has (its own env:, or a uses: wiring) is left alone: the service's word wins,
 * per variable. Nothing waits for the collector: an SDK drops or retries spans, the app starts regardless.
 */
import type { V1EnvVar } from '@kubernetes/client-node';
import type { ResolvedService } from '../../model/resolved.js';
import type { GenerateContext } from '../context.js';

/** The pod's own name from the downward API, for k8s.pod.name; SLIPWAY_* names are slipway's, never a user's. */
export const POD_NAME_ENV = 'SLIPWAY_POD_NAME';

/** There is no semantic convention for tenants or shards; these keys are slipway's own namespace. */
export const TENANT_ATTRIBUTE = 'slipway.tenant';
export const SHARD_ATTRIBUTE = 'slipway.shard';

/**
 * A value of OTEL_RESOURCE_ATTRIBUTES: percent-encoded outside the W3C baggage-octet range, `=` too (some SDKs
 * split on it), and `$` doubled so Kubernetes' $(VAR) expansion leaves it as written.
 */
export function attributeValue(value: string): string {
  const encoded = [...new TextEncoder().encode(value)]
    .map((b) => {
      const c = String.fromCharCode(b);
      const octet = b === 0x21 || (b >= 0x23 && b <= 0x2b) || (b >= 0x2d && b <= 0x3a) || (b >= 0x3c && b <= 0x5b) || (b >= 0x5d && b <= 0x7e);
      return octet && c !== '=' && c !== '%' ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return encoded.replace(/\$/g, '$$$$');
}

/** The OTEL_* variables `s` gets, after its own env; none when it is not traced. */
export function otelEnv(s: ResolvedService, ctx: GenerateContext): V1EnvVar[] {
  const traces = ctx.observability?.traces;
  if (!traces?.services.includes(s.name) || !traces.endpoint.url) return [];
  const own = new Set(s.env.map((e) => e.name));
  const attributes: [string, string][] = [
    ['service.namespace', ctx.stack],
    ['deployment.environment.name', ctx.environment],
    // Deprecated by semconv 1.27 but still what many backends map; both say the same.
    ['deployment.environment', ctx.environment],
    ['k8s.namespace.name', ctx.namespace],
    ...(s.tenant ? [[TENANT_ATTRIBUTE, s.tenant] as [string, string]] : []),
    ...(s.shard ? [[SHARD_ATTRIBUTE, s.shard] as [string, string]] : []),
  ];
  const resource = [...attributes.map(([k, v]) => `${k}=${attributeValue(v)}`), `k8s.pod.name=$(${POD_NAME_ENV})`].join(',');
  const out: V1EnvVar[] = [];
  const add = (name: string, value: string) => {
    if (!own.has(name)) out.push({ name, value });
  };
  add('OTEL_EXPORTER_OTLP_ENDPOINT', traces.endpoint.url);
  add('OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc');
  // One service across tenant and shard copies; the copies differ by their attributes.
  add('OTEL_SERVICE_NAME', s.base);
  if (!own.has('OTEL_RESOURCE_ATTRIBUTES')) {
    // Defined before the variable that refers to it: $(VAR) only expands names listed earlier.
    if (!own.has(POD_NAME_ENV)) out.push({ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    out.push({ name: 'OTEL_RESOURCE_ATTRIBUTES', value: resource });
  }
  return out;
}
