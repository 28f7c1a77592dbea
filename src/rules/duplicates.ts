/** The entries of a list that occur more than once. */
export function duplicatesIn(list: readonly string[]): Set<string> {
  const seen = new Set<string>();
  return new Set(list.filter((x) => (seen.has(x) ? true : (seen.add(x), false))));
}
