/**
 * Kubernetes' syntax for names, label keys and values, as the API server checks them (k8s.io/apimachinery
 * validation: IsDNS1035Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortName,
 * IsEnvVarName, IsConfigMapKey). The `…Problem` functions return why a value fails, or undefined.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = new RegExp(`^${DNS1123_LABEL}$`);

/** An RFC 1035 label: Service names must be one, so slipway holds every name it builds objects from to it. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** CronJob names are limited to 52 characters (the controller appends a timestamp); we hold every workload to it. */
export const MAX_NAME = 52;
const MAX_SUBDOMAIN = 253;
const MAX_NAME_PART = 63;
const MAX_LABEL_VALUE = 63;
export const MAX_PORT_NAME = 15;

/** Why `v` is not a DNS-1123 subdomain (lowercase, digits, '-' and '.', at most 253), or undefined. */
export function subdomainProblem(v: string): string | undefined {
  if (!v) return 'must not be empty';
  if (v.length > MAX_SUBDOMAIN) return `must be at most ${MAX_SUBDOMAIN} characters (it has ${v.length})`;
  if (!SUBDOMAIN.test(v)) return "must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit";
  return undefined;
}

/** Why `v` is not a qualified name (`[prefix/]name`), or undefined. */
export function qualifiedNameProblem(v: string): string | undefined {
  const parts = v.split('/');
  if (parts.length > 2) return "may contain at most one '/' (between a DNS prefix and the name)";
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (!prefix) return "the prefix before '/' must not be empty";
    const p = subdomainProblem(prefix);
    if (p) return `the prefix "${prefix}" ${p}`;
  }
  if (!name) return 'the name part must not be empty';
  if (name.length > MAX_NAME_PART) return `the name part must be at most ${MAX_NAME_PART} characters (it has ${name.length})`;
  if (!NAME_PART.test(name)) return "the name part must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  return undefined;
}

/** Why `v` is not a valid label value (at most 63 of [A-Za-z0-9._-], alphanumeric at both ends), or undefined. */
export function labelValueProblem(v: string): string | undefined {
  if (v.length > MAX_LABEL_VALUE) return `must be at most ${MAX_LABEL_VALUE} characters (it has ${v.length})`;
  if (!LABEL_VALUE.test(v)) return "must be empty or consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** An IANA service name: at most 15 lowercase letters, digits and single '-', with at least one letter. */
export function isPortName(v: string): boolean {
  return PORT_NAME.test(v) && v.length <= MAX_PORT_NAME && /[a-z]/.test(v) && !v.includes('--');
}

/** Why `v` is not a valid Secret or ConfigMap data key, or undefined. */
export function dataKeyProblem(v: string): string | undefined {
  if (v.length > MAX_SUBDOMAIN) return `must be at most ${MAX_SUBDOMAIN} characters`;
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) return "must consist of letters, digits, '-', '_' and '.'";
  if (v === '.' || v === '..' || v.startsWith('..')) return "must not be '.' or start with '..'";
  return undefined;
}
