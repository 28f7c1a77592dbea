/** Init scripts of an infra entry, as written in the stack (see catalog/init-scripts.ts for how they run). */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

/** One init script of an infra entry: a file next to the stack, or inline SQL with a name. */
export const InitScriptSchema = doc(
  Type.Union([
    doc(Type.String({ minLength: 1 }), 'Path of a script file, relative to the stack file; runs in the main database'),
    Type.Object(
      {
        file: Type.Optional(doc(Type.String({ minLength: 1 }), 'Path of the script, relative to the stack file')),
        sql: Type.Optional(doc(Type.String({ minLength: 1 }), 'The script inline (needs name:)')),
        name: Type.Optional(
          doc(Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,62}$' }), 'What the run is recorded under; a changed script under the same name is not re-run unless asked. @default the file name', {
            errorMessage: 'must be lowercase letters, digits, ".", "_" or "-", at most 63 characters',
          }),
        ),
        database: Type.Optional(
          doc(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), 'Database it runs in: the main one or an own database (clickhouse: created if missing). @default the main database', {
            errorMessage: 'must be a lowercase SQL identifier (a-z, 0-9, _)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  ]),
  'A script run once per database after it exists, recorded with its sha256 in that database (table slipway_init).',
);
