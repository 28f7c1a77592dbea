import type { ObjectRule } from '../rule.js';

interface Svc {
  spec?: { selector?: Record<string, string>; ports?: { name?: string; port?: number; targetPort?: number | string }[] };
}

export const serviceTargetPort: ObjectRule = {
  meta: {
    id: 'service-target-port',
    description: "A Service's named targetPort is not a port name of the pods it selects: connections to that port fail",
    remediation: "use a port name the containers declare (ports[].name), or the container's port number",
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('Service').flatMap((s) => {
      const spec = (s as Svc).spec ?? {};
      if (!spec.selector || !Object.keys(spec.selector).length) return [];
      const pods = ix.podsSelectedBy(ix.namespaceOf(s), { matchLabels: spec.selector });
      if (!pods.length) return [];
      const names = new Set(pods.flatMap((p) => (p.spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((port) => port.name))));
      return (spec.ports ?? []).flatMap((port, i) =>
        typeof port.targetPort === 'string' && !/^\d+$/.test(port.targetPort) && !names.has(port.targetPort)
          ? [{ object: s, message: `port ${port.name ?? port.port} targets "${port.targetPort}", which no selected container declares`, field: `spec.ports[${i}].targetPort`, stackKey: ['ports'] }]
          : [],
      );
    }),
};
