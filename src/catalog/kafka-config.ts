/**
 * Kafka's options: server.properties entries as KAFKA_* env, the way the image takes them (apache/kafka
 * docker/examples/README.md, "Using environment variables": prefix KAFKA_, `.` → `_`, `_` → `__`, `-` → `___`;
 * KafkaDockerWrapper.scala turns them back into server.properties lines on every start).
 */
import type { TBoolean, TNumber, TObject, TOptional, TRecord, TString, TUnion } from '@sinclair/typebox';
import type { InfraConfig, OptionProblem } from './infra-config.js';

type KafkaOptionsSchema = TObject<{ serverProperties: TOptional<TRecord<TString, TUnion<[TString, TNumber, TBoolean]>>> }>;

/** Plain JSON Schema typed as its TypeBox equivalent (see redis.ts: TypeBox stays off the CLI's start-up path). */
export const KafkaOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    serverProperties: {
      type: 'object',
      description: 'server.properties entries, e.g. {log.retention.hours: 72, auto.create.topics.enable: false}; passed as KAFKA_* env',
      propertyNames: { pattern: '^[a-z][a-z0-9]*([._-][a-z0-9]+)*$', errorMessage: 'must be a Kafka broker property name such as log.retention.hours' },
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    },
  },
} as unknown as KafkaOptionsSchema;

/** The env var the image maps onto `property`. `_` first, so the `_` that stand for dots are not doubled. */
export function kafkaEnvName(property: string): string {
  return `KAFKA_${property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;
}

/** Set by the start command from the pod ordinal, not through the entry's env. */
const OWN: Record<string, string> = { 'node.id': "node ids are the pods' ordinals (the quorum voters name them)" };

export function kafkaConfig(options: { serverProperties?: Record<string, string | number | boolean> }): InfraConfig {
  const env = Object.entries(options.serverProperties ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, v]) => ({ name: kafkaEnvName(name), value: String(v), at: ['options', 'serverProperties', name] }));
  return { env, args: [], files: [] };
}

export function checkKafkaOptions(options: { serverProperties?: Record<string, unknown> }): OptionProblem[] {
  return Object.keys(options.serverProperties ?? {})
    .filter((name) => OWN[name])
    .map((name) => ({ path: ['serverProperties', name], atKey: true, message: `property ${name} is managed by slipway's kafka entry`, hint: `remove it: ${OWN[name]}` }));
}
