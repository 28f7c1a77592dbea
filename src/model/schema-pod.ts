/** Pod and Service details of a component: image pulls, shutdown, the Service's type, and whether it exists at all. */
import { Type } from '@sinclair/typebox';
import { doc, Int } from './schema-doc.js';

const ServiceTypeSchema = doc(Type.Union([Type.Literal('ClusterIP'), Type.Literal('NodePort'), Type.Literal('LoadBalancer')]), 'Service type. @default ClusterIP');

export const ExposeSchema = doc(
  Type.Object(
    {
      type: Type.Optional(ServiceTypeSchema),
      annotations: Type.Optional(doc(Type.Record(Type.String(), Type.String()), "Annotations on the Service, e.g. a cloud load balancer's settings")),
      nodePorts: Type.Optional(
        doc(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 65535 })), 'Fixed node port by port name, e.g. {http: 30080} (NodePort or LoadBalancer). @default chosen by the cluster'),
      ),
    },
    { additionalProperties: false },
  ),
  'The Service in front of the ports: its type and annotations.',
);

export const PreStopSchema = doc(
  Type.Union([
    Type.Object({ sleep: doc(Int(1), 'Seconds to wait, so endpoints and load balancers stop sending traffic before the app is told to stop') }, { additionalProperties: false }),
    Type.Object({ exec: doc(Type.Array(Type.String(), { minItems: 1 }), 'Command run in the container') }, { additionalProperties: false }),
  ]),
  'Runs before the container gets SIGTERM, within gracePeriod: {sleep: 5} or {exec: [cmd, …]}.',
);

export const PullPolicySchema = doc(
  Type.Union([Type.Literal('Always'), Type.Literal('IfNotPresent'), Type.Literal('Never')]),
  'imagePullPolicy of every container of the pods. @default Always in the production profile, else the Kubernetes default (IfNotPresent for a tagged image)',
);

export const PullSecretsSchema = doc(
  Type.Array(Type.String({ minLength: 1 })),
  'Existing docker-registry Secrets in the namespace used to pull images (imagePullSecrets). You create them; slipway only references them.',
);

export const Enabled = doc(Type.Boolean(), 'false = the component does not exist in this environment: nothing is rendered, `up` removes it (data volumes and generated credentials stay). @default true');
