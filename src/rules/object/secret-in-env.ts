import type { ObjectRule } from '../rule.js';
import { containerName } from '../../lint/pod-facts.js';

/** Names that say the value is a credential; `$(VAR)` references and empty values are not literals. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

export const secretInEnv: ObjectRule = {
  meta: {
    id: 'secret-in-env',
    description: 'A container sets a credential-named env var (…PASSWORD, …TOKEN, …API_KEY) to a literal value: the secret sits in the manifest and in every copy of it',
    remediation: 'move the value into a Secret and reference it with valueFrom.secretKeyRef (a stack: a secrets: entry and ${secrets.x.y})',
    severity: 'error',
    sensitive: true,
  },
  subject: 'object',
  check: (ix) =>
    ix.containers.flatMap((s) =>
      (s.container.env ?? []).flatMap((e, i) =>
        e.name && SECRET_NAME.test(e.name) && typeof e.value === 'string' && e.value !== '' && !/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(e.value)
          ? // The value is never repeated: the finding names the variable only.
            [{ object: s.pod.object, message: `${containerName(s)} sets ${e.name} to a literal value`, field: `${s.at}.env[${i}].value`, stackKey: ['env', e.name] }]
          : [],
      ),
    ),
};
