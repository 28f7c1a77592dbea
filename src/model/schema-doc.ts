/** The schema helpers every part of the stack format shares: described schemas and the API server's integer bounds. */
import { Type, type TSchema } from '@sinclair/typebox';

export const doc = <T extends TSchema>(schema: T, description: string, extra: Record<string, unknown> = {}): T =>
  Object.assign(schema, { description, ...extra });

/** The API server stores replicas, probe settings and user ids as int32. */
export const INT32_MAX = 2147483647;
/**
 * Replicas above this are refused before any work scales with them (the catalog builds per-replica quorum and
 * bootstrap lists, `up` waits on every pod). A thousand pods of one component is far past what one stack file
 * describes in practice; a larger number is almost always a typo (10000 for 100), not a plan.
 */
export const MAX_REPLICAS = 1000;
export const Int = (minimum: number, maximum = INT32_MAX) => Type.Integer({ minimum, maximum });

