/**
 * Draft stack files (`analyze --to-stack`, `import`) are read and finished by a person: plain YAML in the order
 * the body was built, a header saying where it came from, and TODO comments above the entries a human must
 * decide, never below or at the end where they get lost.
 */
import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';

export interface DraftComment {
  /** Map keys from the root to the entry the comment sits above, e.g. ['services', 'api']. */
  path: readonly string[];
  lines: readonly string[];
}

export function draftYaml(body: Record<string, unknown>, header: string, comments: readonly DraftComment[]): string {
  const doc = new Document(body);
  doc.commentBefore = header;
  for (const c of comments) {
    if (!c.lines.length) continue;
    let node: unknown = doc.contents;
    let pair: Pair | undefined;
    for (const key of c.path) {
      pair = isMap(node) ? ((node as YAMLMap).items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
      node = pair?.value;
    }
    if (pair && isScalar(pair.key)) pair.key.commentBefore = c.lines.map((t) => ` TODO: ${t}`).join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
