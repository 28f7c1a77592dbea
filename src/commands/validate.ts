/** `slipway validate`: every diagnostic for the chosen (or every) environment. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedStack } from '../load/load-stack.js';
import { clusterNames, environmentNames } from '../resolve/merge-environment.js';
import type { StackSpec } from '../model/stack.js';
import { validateStack } from '../validate/validate.js';
import type { Catalog } from '../catalog/catalog.js';

export interface ValidateCommandResult {
  /** No diagnostic is an error: warnings and notes do not fail validation. */
  ok: boolean;
  environments: string[];
  /** The clusters of each multi-cluster environment (each validated with its overlay), when there is one. */
  clusters?: Record<string, string[]>;
  diagnostics: Diagnostic[];
}

export function validateCommand(loaded: LoadedStack, environment?: string, catalog?: Catalog): ValidateCommandResult {
  const result = validateStack(loaded, { ...(environment ? { environments: [environment] } : {}), ...(catalog ? { catalog } : {}) });
  const environments = result.stack ? (environment ? [environment] : environmentNames(result.stack as StackSpec)) : [];
  const ok = !result.diagnostics.some((d) => (d.severity ?? 'error') === 'error');
  const clusters = Object.fromEntries(environments.map((e) => [e, clusterNames(result.stack as StackSpec, e)] as const).filter(([, c]) => c.length));
  return { ok, environments, ...(Object.keys(clusters).length ? { clusters } : {}), diagnostics: result.diagnostics };
}
