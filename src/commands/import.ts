/** `slipway import`: a compose file → a stack file that validates (stdout, or a new file with --out). */
import type { Catalog } from '../catalog/catalog.js';
import { existsSync, writeFileSync } from 'node:fs';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import { withFs } from '../diagnostics/fs-error.js';
import { COMPOSE_FILES, loadCompose } from '../import/compose-project.js';
import { importCompose } from '../import/import-compose.js';
import { parseStack } from '../load/load-stack.js';
import { validateCommand } from './validate.js';

export interface ImportOptions {
  /** The catalog compose services are recognised with. @default builtinCatalog */
  catalog?: Catalog;
  /** @default the first of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml that exists */
  file?: string;
  /** Write the stack here (refused when the file exists: nothing is overwritten). */
  out?: string;
}

export interface ImportResult {
  file: string;
  stack: string;
  out?: string;
  /** Warnings and notes about the compose file: what was not mapped, what a human should check. */
  diagnostics: Diagnostic[];
}

export function importCommand(opts: ImportOptions): ImportResult {
  const file = opts.file ?? COMPOSE_FILES.find((f) => existsSync(f));
  if (!file) throw userError('no compose file here', `pass its path, or run where one of ${COMPOSE_FILES.join(', ')} is`);
  if (opts.out && existsSync(opts.out)) throw userError(`${opts.out} already exists`, 'choose a new file name; import never overwrites a stack file');
  const project = loadCompose(file);
  const stack = importCompose(project, opts.catalog);
  if (project.notes.errors.length) throw new SlipwayError(project.notes.errors);
  // The promise of import is a stack that validates; one that does not is slipway's bug, not the user's.
  const check = validateCommand(parseStack(stack, opts.out ?? 'imported.yaml'), undefined, opts.catalog);
  if (!check.ok) {
    const errors = check.diagnostics.filter((d) => (d.severity ?? 'error') === 'error');
    throw new SlipwayError(errors.map((d) => ({ ...d, message: `the imported stack does not validate (a bug in import): ${d.message}` })), ExitCode.internal);
  }
  if (opts.out) {
    const out = opts.out;
    withFs(out, 'write', () => writeFileSync(out, stack, { flag: 'wx' }));
  }
  return { file, stack, ...(opts.out ? { out: opts.out } : {}), diagnostics: sortDiagnostics(project.notes.list) };
}
