/**
 * Limits a SQL server puts on user and database names. The schema only checks the identifier syntax; a name
 * the server refuses or reserves fails at the worst place: inside the image's entrypoint on first start (whose
 * restart then skips initialisation) or in a provisioning Job that retries forever while its users wait.
 */

export interface SqlNames {
  /** Longest user (role) name the server accepts, in characters (names are ASCII by the schema). */
  maxUser: number;
  /** Longest database name. */
  maxDatabase: number;
  /** User names the server reserves; `x*` reserves a prefix. */
  reservedUsers: readonly string[];
  /** Database names the stack may not take as its main database. */
  reservedDatabases: readonly string[];
  /** Further names an own database (whose user is named like it) may not take: system databases it would own. */
  reservedOwn?: readonly string[];
  /** Where the limits are documented (ends the hint). */
  source: string;
}

/** The entry of `list` that reserves `name` (`pg_*` matches pg_anything), or undefined. */
export function reservedBy(list: readonly string[], name: string): string | undefined {
  return list.find((r) => (r.endsWith('*') ? name.startsWith(r.slice(0, -1)) : name === r));
}
