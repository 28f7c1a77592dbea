/** Writes docs/lint-agreement.md from running kube-score and `slipway lint` on the same files. `npm run agreement`. */
import { writeFileSync } from 'node:fs';
import { agreementMarkdown, computeAgreement } from './lint-agreement.js';

const agreement = computeAgreement();
writeFileSync('docs/lint-agreement.md', agreementMarkdown(agreement));
const missed = agreement.rows.reduce((n, r) => n + r.missed.length, 0);
process.stdout.write(`wrote docs/lint-agreement.md (${agreement.inputs.length} inputs, ${agreement.objects} objects, ${missed} missed)\n`);
if (agreement.unmapped.length) process.stdout.write(`unmapped kube-score checks: ${agreement.unmapped.join(', ')}\n`);
if (agreement.unknownRules.length) process.stdout.write(`mapped rules that do not exist: ${agreement.unknownRules.join(', ')}\n`);
