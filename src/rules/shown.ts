/** A short, safe rendering of user text inside a message: quoted, escaped, and clipped when long. */
export function shown(v: string, max = 80): string {
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
}
