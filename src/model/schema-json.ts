import { StackSchema } from './schema.js';

/** The published JSON Schema text: draft-07 for the widest editor support, stable formatting. */
export function schemaJson(): string {
  const { $id, ...rest } = StackSchema as unknown as Record<string, unknown>;
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id, ...rest }, null, 2)}\n`;
}
