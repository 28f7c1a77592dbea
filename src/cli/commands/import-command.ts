/** `slipway import`: stdout is the stack (or a line naming the file written); what was not mapped goes to stderr. */
import { Option } from 'commander';
import type { ImportResult } from '../../commands/import.js';
import { defineCommand } from '../command-table.js';
import { catalogOf } from '../flags.js';

export const importCmd = defineCommand<ImportResult>({
  name: 'import',
  description: 'turn a docker-compose file into a stack: catalog infra, services, workers, jobs, wiring, probes (reads .env, never the shell)',
  args: [{ name: 'file', description: 'compose file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml here)' }],
  options: [new Option('--out <file>', 'write the stack to this new file instead of stdout (never overwrites)')],
  async run(o, io) {
    const { importCommand } = await import('../../commands/import.js');
    const result = importCommand({ ...(typeof o.file === 'string' ? { file: o.file } : {}), ...(typeof o.out === 'string' ? { out: o.out } : {}), ...catalogOf(io) });
    if (result.diagnostics.length && o.output === 'text') {
      const { renderDiagnostics } = await import('../../diagnostics/render-text.js');
      io.err(`${renderDiagnostics(result.diagnostics)}\n`);
    }
    return result;
  },
  text: (r) => (r.out ? `${r.out}: stack written from ${r.file}; review its TODO comments, then slipway validate ${r.out}\n` : r.stack),
});
