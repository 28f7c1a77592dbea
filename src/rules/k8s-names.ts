/** Kubernetes' naming rules, for the name rules: object names (DNS labels), port names, env var names. */
import type { Issue } from '../diagnostics/issue.js';

export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** CronJob names are limited to 52 characters (the controller appends a timestamp); we hold every workload to it. */
export const MAX_NAME = 52;

/** An invalid-name finding unless `value` is a DNS label of at most `max` characters; the hint proposes a fixed name. */
export function dnsLabel(value: string, path: Issue['path'], what: string, max = MAX_NAME, atKey = true): Issue[] {
  if (DNS_LABEL.test(value) && value.length <= max) return [];
  const fixed = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, max) || 'name';
  return [
    {
      code: 'invalid-name',
      message: `${what} "${value}" is not a valid Kubernetes name (lowercase letters, digits and '-', starting with a letter, at most ${max} characters)`,
      hint: `try "${fixed}"`,
      path,
      atKey,
    },
  ];
}
