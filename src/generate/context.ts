/** What every generator may read besides its component: the stack's identity and cross-component facts. */
import type { CatalogContext } from '../catalog/contract.js';
import type { ResolvedInfra, ResolvedStack } from '../model/resolved.js';
import type { LabelContext } from './labels.js';

export interface GenerateContext extends CatalogContext {
  readonly labels: LabelContext;
  readonly infra: ReadonlyMap<string, ResolvedInfra>;
  /** Object names of Jobs, by component name (they carry a hash of their spec). */
  readonly jobNames: ReadonlyMap<string, string>;
}

export function generateContext(stack: ResolvedStack, jobNames: ReadonlyMap<string, string>): GenerateContext {
  return {
    stack: stack.name,
    environment: stack.environment,
    namespace: stack.namespace,
    profile: stack.profile,
    labels: { stack: stack.name, environment: stack.environment },
    infra: new Map(stack.infra.map((i) => [i.name, i])),
    jobNames,
  };
}
