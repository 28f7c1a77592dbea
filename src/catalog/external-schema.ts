/**
 * The schema of `infra.<name>.external` per entry. Most servers are reached by a host and port with a user, a
 * password Secret and TLS; an entry that names its server otherwise (Kafka's broker list) declares its own fields
 * with `externalSchema({...})`, and validation (validate/external-check.ts) and the published JSON Schema hold each
 * instance to its entry's fields. Plain JSON Schema typed as TypeBox's, which keeps TypeBox off the CLI's start-up
 * path (as the entries' options do).
 */
import type { TObject } from '@sinclair/typebox';

type JsonProperty = Record<string, unknown>;

/** The fields every external server takes (CatalogEntry.external defaults to exactly these). */
export const EXTERNAL_FIELDS: Readonly<Record<string, JsonProperty>> = Object.freeze({
  host: { type: 'string', minLength: 1, description: 'Host name of the existing server' },
  port: { type: 'integer', minimum: 1, maximum: 65535, description: '@default the catalog port' },
  database: { type: 'string' },
  user: { type: 'string' },
  passwordSecret: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, key: { type: 'string', minLength: 1, description: '@default password' } },
    description: 'Existing Secret in the target namespace holding the password',
  },
  tls: { type: 'boolean', description: '@default false' },
  cidr: { type: 'string', minLength: 1, description: 'Addresses of the server for egress policies. @default any address on its port (NetworkPolicy has no host names)' },
});

/**
 * The external schema of an entry: the common fields, plus `extra` (which may also replace one), minus `omit`.
 * E.g. `externalSchema({ brokers: { type: 'array', items: { type: 'string' } } })`.
 */
export function externalSchema(extra: Readonly<Record<string, JsonProperty>> = {}, omit: readonly string[] = []): TObject {
  const properties = Object.fromEntries(Object.entries({ ...EXTERNAL_FIELDS, ...extra }).filter(([k]) => !omit.includes(k)));
  return { type: 'object', additionalProperties: false, properties, description: 'Connection to an existing (managed) instance.' } as unknown as TObject;
}

/** What an entry that declares nothing takes. */
export const DEFAULT_EXTERNAL: TObject = externalSchema();
