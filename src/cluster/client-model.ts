/**
 * @kubernetes/client-node serializes a request body with the typed model of its kind, which maps model property
 * names to API field names: a field the model renames is read from the model name and silently dropped when the
 * object carries the API name. slipway's objects are API JSON, so such a field must be handed over under the
 * model's name. The only one slipway writes is NetworkPolicy ingress `from` (model `_from`): sent as `from`, every
 * ingress rule lost its peers and let any pod in (the library's model list, dist/gen/models, names the others:
 * LimitRange `default`, ListMeta `continue`, JSONSchemaProps keywords; slipway writes none of them). Answers are
 * deserialized the same way, so what the library returns is mapped back (diff, status and analyze read API JSON).
 */
import type { K8sObject } from '../k8s/object.js';

type Rule = Record<string, unknown>;

export function toClientModel(o: K8sObject): K8sObject {
  return renamePeers(o, 'from', '_from');
}

export function fromClientModel(o: K8sObject): K8sObject {
  return renamePeers(o, '_from', 'from');
}

function renamePeers(o: K8sObject, name: string, to: string): K8sObject {
  if (o.kind !== 'NetworkPolicy' || !o.apiVersion?.startsWith('networking.k8s.io/')) return o;
  const spec = (o as { spec?: { ingress?: Rule[] } }).spec;
  if (!spec?.ingress?.some((r) => r[name] !== undefined)) return o;
  const ingress = spec.ingress.map(({ [name]: peers, ...rest }) => (peers === undefined ? rest : { ...rest, [to]: peers }));
  return { ...o, spec: { ...spec, ingress } } as K8sObject;
}
