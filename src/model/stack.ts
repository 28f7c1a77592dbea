/** The model as users write it (all defaults unset). Derived from the schema so the two cannot drift. */
import type { Static } from '@sinclair/typebox';
import type {
  EnvironmentSchema,
  ExternalSchema,
  InfraPatchSchema,
  InfraSchema,
  InitScriptSchema,
  ProbeSchema,
  ProfileSchema,
  ServicePatchSchema,
  SecretSchema,
  ServiceSchema,
  StackSchema,
  UseOptionsSchema,
} from './schema.js';

export type StackSpec = Static<typeof StackSchema>;
export type ServiceSpec = Static<typeof ServiceSchema>;
export type ServicePatch = Static<typeof ServicePatchSchema>;
export type InfraSpec = Static<typeof InfraSchema>;
export type InfraPatch = Static<typeof InfraPatchSchema>;
export type InitScriptSpec = Static<typeof InitScriptSchema>;
export type EnvironmentSpec = Static<typeof EnvironmentSchema>;
export type ExternalSpec = Static<typeof ExternalSchema>;
export type SecretSpec = Static<typeof SecretSchema>;
export type ProbeSpec = Static<typeof ProbeSchema>;
export type UseOptions = Static<typeof UseOptionsSchema>;
export type Profile = Static<typeof ProfileSchema>;
export type ServiceKind = NonNullable<ServiceSpec['kind']>;

/** Build a stack in TypeScript with the same model and checks as a stack file. */
export function defineStack(stack: StackSpec): StackSpec {
  return stack;
}
