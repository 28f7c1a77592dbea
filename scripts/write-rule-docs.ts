/** Writes docs/rules.md from the rule registry and the code table (the single sources). `npm run docs`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { rulesMarkdown } from '../src/rules/docs.js';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/rules.md', rulesMarkdown());
process.stdout.write('wrote docs/rules.md\n');
