/**
 * Redis configuration directives as command-line arguments: `redis-server --name value` takes any redis.conf
 * directive (redis.io/docs/latest/operate/oss_and_stack/management/config, "Passing arguments via the command
 * line"), so no config file is needed. A multi-word value (save "3600 1 300 100") is one argument.
 */
import type { TBoolean, TNumber, TRecord, TString, TUnion } from '@sinclair/typebox';
import type { InfraConfig, OptionProblem } from './infra-config.js';

export type RedisDirectivesSchema = TRecord<TString, TUnion<[TString, TNumber, TBoolean]>>;

export const RedisDirectives = {
  type: 'object',
  description: 'redis.conf directives passed as --name value, e.g. {save: "3600 1 300 100", hz: 20, lazyfree-lazy-eviction: yes}',
  propertyNames: { pattern: '^[a-z][a-z0-9-]*$', errorMessage: 'must be a redis.conf directive name (lowercase letters, digits, -)' },
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
} as unknown as RedisDirectivesSchema;

/** Directives the entry depends on beyond its own arguments and reservedFlags (--port, …), which resolve already guards. */
const OWN: Record<string, string> = {
  daemonize: 'the server must stay in the foreground as the container process',
  include: 'files: are mounted read-only; set the directives here instead',
  'rename-command': 'probes and waits run PING; renamed commands break them',
};

export function redisConfig(directives: Record<string, string | number | boolean> | undefined): InfraConfig {
  const args = Object.entries(directives ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, v]) => ({ args: [`--${name}`, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)], at: ['options', 'config', name] }));
  return { env: [], files: [], args };
}

export function checkRedisDirectives(directives: Record<string, unknown> | undefined): OptionProblem[] {
  return Object.keys(directives ?? {})
    .filter((name) => OWN[name])
    .map((name) => ({ path: ['config', name], atKey: true, message: `directive ${name} is managed by slipway's redis entry`, hint: `remove it: ${OWN[name]}` }));
}
