/**
 * Configuration any infra entry takes, whatever its server: extra env, extra arguments and config files. The
 * entry's own options (infra.<name>.options) add the settings it knows the format of; these are the escape
 * hatch for everything else, checked against what the entry sets itself (resolve/infra-config.ts).
 */
import { Type } from '@sinclair/typebox';
import { doc } from './schema-doc.js';

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

/** POSIX env names; Kubernetes accepts more, but the images' shell entrypoints read only these. */
export const INFRA_ENV_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';

/** A file name in the entry's config directory, or an absolute path in the container (no `..`, no trailing `/`). */
export const INFRA_FILE_KEY = '^(/?[A-Za-z0-9_][A-Za-z0-9._-]*)(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$';

export const infraConfigFields = {
  env: Type.Optional(
    doc(
      Type.Record(Type.String({ pattern: INFRA_ENV_NAME }), Scalar),
      "Environment variables of the server container (internal only), added to the entry's own; a name the entry sets itself is refused",
      { errorMessage: 'must map env var names (letters, digits, _) to a string, number or boolean' },
    ),
  ),
  args: Type.Optional(
    doc(Type.Array(Type.String()), "Arguments appended to the server's command line (internal only); a flag the entry sets itself is refused"),
  ),
  files: Type.Optional(
    doc(
      Type.Record(Type.String({ pattern: INFRA_FILE_KEY }), Type.String()),
      "Config files: a file name (placed in the entry's config directory, e.g. /etc/mysql/conf.d for mysql) or an absolute path, mapped to its content. Mounted read-only from a ConfigMap; a change rolls the pods",
      { errorMessage: 'must map a file name or an absolute path (letters, digits, ., _, -; no ..) to its content' },
    ),
  ),
};
