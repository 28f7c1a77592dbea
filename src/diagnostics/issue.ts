import type { ModelPath } from '../load/source.js';
import type { Severity } from './diagnostic.js';

/** A problem found by a rule or the schema, located by model path (positions are added later). */
export interface Issue {
  code: string;
  message: string;
  hint?: string;
  path: ModelPath;
  /** Point at the key rather than its value (unknown keys, duplicates). */
  atKey?: boolean;
  /** @default 'error' */
  severity?: Severity;
  /** The rule that found it, when a named rule did. */
  ruleId?: string;
}
