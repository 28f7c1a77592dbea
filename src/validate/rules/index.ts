/** The named rules run on each environment's merged stack, after the schema check passes. */
import type { StackSpec } from '../../model/stack.js';
import type { Issue } from '../../diagnostics/issue.js';
import { duplicateRule } from './duplicates.js';
import { nameRule } from './names.js';

export type Rule = (stack: StackSpec) => Issue[];

export const RULES: readonly Rule[] = [nameRule, duplicateRule];
export { environmentNameRule } from './names.js';
