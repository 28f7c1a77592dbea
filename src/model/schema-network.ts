/** Who may talk to whom: the stack's `network:` block and a service's `allow:` entries (see model/network.ts). */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

const Labels = (what: string) => doc(Type.Record(Type.String(), Type.String()), what);

const Cidr = (what: string) => doc(Type.String({ minLength: 1 }), what);

export const PeerSchema = doc(
  Type.Union([
    doc(Type.String({ minLength: 1 }), 'A service or internal infra name of this stack (of a stamped service, the copy of the same tenant and shard, as in uses:)'),
    Type.Object(
      {
        cidr: Cidr('IP block, e.g. 10.0.0.0/8 or 0.0.0.0/0'),
        except: Type.Optional(doc(Type.Array(Type.String({ minLength: 1 })), 'Blocks inside cidr that stay denied')),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        namespace: Type.Optional(Labels('Labels of the peer namespaces, e.g. {kubernetes.io/metadata.name: monitoring}. @default this namespace')),
        pods: Type.Optional(Labels('Labels of the peer pods. @default every pod of those namespaces')),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  ]),
  'A component name, {cidr, except}, or {namespace, pods} label selectors',
);

export const AllowSchema = doc(
  Type.Array(
    Type.Object(
      {
        from: Type.Optional(doc(PeerSchema, 'Accept traffic from this peer')),
        to: Type.Optional(doc(PeerSchema, 'Send traffic to this peer')),
        ports: Type.Optional(
          doc(
            Type.Array(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.String({ minLength: 1 })]), { minItems: 1 }),
            'Ports (numbers or port names) on the receiving pods, TCP. @default every port',
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
  'Traffic beyond what uses: implies, when network policies are on: each entry has one of from or to.',
);

export const NetworkSchema = doc(
  Type.Object(
    {
      policies: Type.Optional(doc(Type.Boolean(), 'NetworkPolicies derived from uses: (default-deny, then only declared traffic). @default true in the production profile, false otherwise')),
      egress: Type.Optional(doc(Type.Boolean(), 'Deny outgoing traffic too, except DNS, uses, external infra and allow: entries. @default true in the production profile, false otherwise')),
      ingressControllers: Type.Optional(
        Labels('Labels of the namespace(s) the ingress controller runs in; it may reach services with an ingress. @default {kubernetes.io/metadata.name: ingress-nginx}'),
      ),
      apiServer: Type.Optional(
        doc(
          Type.Object(
            {
              cidr: Type.Optional(Cidr('Addresses of the API server endpoints. @default any address')),
              ports: Type.Optional(doc(Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }), { minItems: 1 }), '@default [443, 6443]')),
            },
            { additionalProperties: false },
          ),
          'Egress to the Kubernetes API for pods that call it (Job waits, serviceAccountToken: true)',
        ),
      ),
    },
    { additionalProperties: false },
  ),
  'NetworkPolicies for the namespace.',
);
