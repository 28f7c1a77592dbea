/**
 * What an import reports about the compose file: errors (bad input, nothing written), warnings (mapped, but a
 * human should look) and notes (not mapped, with why). Each one points at the compose file's line.
 */
import { formatPath, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import type { ModelPath, StackSource } from '../load/source.js';

export type ImportCode = 'compose-invalid' | 'compose-not-mapped' | 'compose-review' | 'compose-unset-variable';

export class Notes {
  readonly list: Diagnostic[] = [];

  constructor(private readonly source: StackSource) {}

  /** `atKey` points at the key rather than its value: for findings about a whole entry. */
  add(severity: Severity, code: ImportCode, path: ModelPath, message: string, hint?: string, atKey = code === 'compose-not-mapped'): void {
    const at = this.source.locate(path, atKey);
    this.list.push({ code, severity, message, path: formatPath(path), file: this.source.file, ...(at ?? { line: 1, col: 1 }), ...(hint ? { hint } : {}) });
  }

  /** Bad input: the import stops after reading everything, reporting every error at once. */
  error(path: ModelPath, message: string, hint: string, atKey = false): void {
    this.add('error', 'compose-invalid', path, message, hint, atKey);
  }

  notMapped(path: ModelPath, message: string, hint?: string): void {
    this.add('info', 'compose-not-mapped', path, message, hint);
  }

  review(path: ModelPath, message: string, hint?: string): void {
    this.add('warning', 'compose-review', path, message, hint);
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }
}
