/** Writes docs/rules.md from the rule registry and the code table, and the default alerts' table in docs/observability.md (the single sources). `npm run docs`. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { withAlertsTable } from '../src/generate/observability/alerts-docs.js';
import { rulesMarkdown } from '../src/rules/docs.js';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/rules.md', rulesMarkdown());
process.stdout.write('wrote docs/rules.md\n');
writeFileSync('docs/observability.md', withAlertsTable(readFileSync('docs/observability.md', 'utf8')));
process.stdout.write('wrote the alerts table in docs/observability.md\n');
