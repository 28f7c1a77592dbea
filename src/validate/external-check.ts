/**
 * `infra.<name>.external` checked against the fields the entry its `type` names declares (CatalogEntry.external):
 * an external Kafka takes `brokers`, a PostgreSQL does not. The stack schema accepts any field there, since a
 * catalog value may hold entries with fields slipway has never seen; this check is where they are held to them.
 */
import type { Catalog } from '../catalog/catalog.js';
import { DEFAULT_EXTERNAL } from '../catalog/external-schema.js';
import type { Issue } from '../diagnostics/issue.js';
import type { StackSpec } from '../model/stack.js';
import { compile } from './options-check.js';
import { issuesAgainst } from './schema-check.js';

export function externalIssues(stack: StackSpec, catalog: Catalog): Issue[] {
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(stack.infra ?? {})) {
    if (spec.external === undefined) continue;
    // An unknown type is resolve's error (with its own did-you-mean).
    const entry = catalog.entry(spec.type);
    if (!entry) continue;
    const at = ['infra', name, 'external'];
    for (const i of issuesAgainst(compile(entry.external ?? DEFAULT_EXTERNAL), spec.external)) {
      const path = [...at, ...i.path];
      // A field some other type takes (Kafka's brokers) says which, after the nearest allowed keys.
      const key = i.code === 'unknown-key' ? String(i.path[i.path.length - 1]) : undefined;
      const takers = key ? catalog.entries.filter((e) => e.external && Object.hasOwn((e.external as { properties?: object }).properties ?? {}, key)).map((e) => e.type) : [];
      const hint = takers.length ? `${i.hint ? `${i.hint}; ` : ''}${key} is a field of ${takers.join(', ')}'s external, not ${entry.type}'s` : i.hint;
      issues.push({ ...i, path, ...(hint ? { hint } : {}) });
    }
  }
  return issues;
}
