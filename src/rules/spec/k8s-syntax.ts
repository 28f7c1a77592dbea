/**
 * The API server's own syntax checks for names, label keys and values (k8s.io/apimachinery validation:
 * IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue), as functions that return why a value fails.
 */
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const MAX_SUBDOMAIN = 253;
export const MAX_NAME_PART = 63;
export const MAX_LABEL_VALUE = 63;

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

/** A short, safe rendering of user text inside a message (long values are clipped). */
export function shown(v: string, max = 80): string {
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
}
