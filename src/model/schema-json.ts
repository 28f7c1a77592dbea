import type { TObject } from '@sinclair/typebox';
import { StackSchema } from './schema.js';

/** What the published schema knows of one infra type: its options schema, if it takes options. */
export interface TypeOptions {
  type: string;
  options?: TObject;
  /** Schema of its `external:` block. @default the common fields */
  external?: TObject;
}

/**
 * The published JSON Schema text: draft-07 for the widest editor support, stable formatting. Each infra type's
 * options ride on an if/then keyed by `type`, so editors complete `infra.<name>.options` per type. (Overlays
 * in environments name no type, so their options stay a plain map; slipway checks them after merging.)
 */
export function schemaJson(types: readonly TypeOptions[] = []): string {
  const { $id, ...rest } = JSON.parse(JSON.stringify(StackSchema)) as Record<string, unknown> & { properties: { infra: { patternProperties: Record<string, Record<string, unknown>> } } };
  const infra = Object.values(rest.properties.infra.patternProperties)[0]!;
  if (types.length) {
    infra.allOf = [...types]
      .sort((a, b) => a.type.localeCompare(b.type))
      .map((t) => ({
        if: { properties: { type: { const: t.type } }, required: ['type'] },
        then: {
          properties: {
            options: t.options ? { ...t.options, description: `Options of ${t.type}` } : { not: {}, description: `${t.type} takes no options` },
            ...(t.external ? { external: { ...t.external, description: `Connection to an existing ${t.type} server` } } : {}),
          },
        },
      }));
  }
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id, ...rest }, null, 2)}\n`;
}
