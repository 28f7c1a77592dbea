/** Where and how a component's pods run: node placement, disruption budgets, spread (see model/disruption.ts) and autoscaling. */
import { Type } from '@sinclair/typebox';
import { doc, Int, INT32_MAX, MAX_REPLICAS } from './schema-doc.js';

export const TolerationSchema = Type.Object(
  {
    key: Type.Optional(Type.String()),
    operator: Type.Optional(Type.Union([Type.Literal('Equal'), Type.Literal('Exists')])),
    value: Type.Optional(Type.String()),
    effect: Type.Optional(Type.Union([Type.Literal('NoSchedule'), Type.Literal('PreferNoSchedule'), Type.Literal('NoExecute')])),
  },
  { additionalProperties: false },
);

export const PlacementSchema = doc(
  Type.Object(
    {
      nodeSelector: Type.Optional(doc(Type.Record(Type.String(), Type.String()), 'Node labels the pods must run on, e.g. {pool: data}')),
      tolerations: Type.Optional(Type.Array(TolerationSchema)),
    },
    { additionalProperties: false },
  ),
  'Node placement (node pools).',
);

const Bound = (what: string) =>
  doc(
    Type.Union([
      Type.Integer({ minimum: 0, maximum: INT32_MAX }),
      Type.String({ pattern: '^[0-9]+%$', errorMessage: 'must be a pod count (e.g. 1) or a percentage (e.g. 25%)' }),
    ]),
    what,
  );

export const DisruptionSchema = doc(
  Type.Union([
    Type.Literal(false),
    Type.Object(
      {
        maxUnavailable: Type.Optional(Bound('Pods a voluntary eviction (drain, node upgrade) may take at once. @default 1')),
        minAvailable: Type.Optional(Bound('Pods that must stay up during voluntary evictions; instead of maxUnavailable')),
      },
      { additionalProperties: false },
    ),
  ]),
  'PodDisruptionBudget for a workload of more than one pod: one of maxUnavailable or minAvailable, or false for none. Never a budget that blocks every eviction. @default {maxUnavailable: 1} in the production profile, none otherwise',
);

export const SpreadSchema = doc(
  Type.Boolean(),
  'Spread replicated pods over zones and nodes (soft: topology spread for services, anti-affinity for infra). @default true in the production profile, false otherwise',
);


const Percent = (what: string) => doc(Type.Integer({ minimum: 1, maximum: 1000 }), what);

export const AutoscaleSchema = doc(
  Type.Object(
    {
      min: doc(Int(1, MAX_REPLICAS), 'Fewest pods the HorizontalPodAutoscaler keeps'),
      max: doc(Int(1, MAX_REPLICAS), 'Most pods it scales out to'),
      cpu: Type.Optional(Percent('Target average CPU use, in percent of the CPU request (e.g. 70)')),
      memory: Type.Optional(Percent('Target average memory use, in percent of the memory request (e.g. 80)')),
    },
    { additionalProperties: false },
  ),
  'Scale a service or worker between min and max pods on CPU and/or memory use (a HorizontalPodAutoscaler); replicas is then the HPA\'s to set.',
);
