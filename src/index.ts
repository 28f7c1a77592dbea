/**
 * slipway as a library. The pipeline: loadStack/parseStack → validateStack → resolveStack → generate →
 * toYaml/toJson; renderStack runs all of it.
 */
export { defineStack } from './model/stack.js';
export type * from './model/stack.js';
export type * from './model/resolved.js';
export type { K8sObject } from './k8s/object.js';
export { StackSchema } from './model/schema.js';
export { loadStack, parseStack, type LoadedStack } from './load/load-stack.js';
export { validateStack, type ValidateOptions, type Validation } from './validate/validate.js';
export { resolveStack, type ResolveResult } from './resolve/resolve.js';
export { environmentNames, mergeEnvironment } from './resolve/merge-environment.js';
export { generate, type Generated } from './generate/generate.js';
export { toJson, toYaml } from './emit/yaml.js';
export { secretObject, derivePassword } from './emit/secrets.js';
export { renderStack, type RenderOptions, type RenderResult } from './commands/render.js';
export { createCatalog, type Catalog } from './catalog/catalog.js';
export { builtinCatalog, builtinEntries } from './catalog/builtin.js';
export { defineCatalogEntry, type CatalogEntryDefinition, type InfraOf } from './catalog/define.js';
export { stackSchemaJson } from './catalog/json-schema.js';
export type * from './catalog/contract.js';
export { SlipwayError, ExitCode } from './diagnostics/errors.js';
export type { Diagnostic } from './diagnostics/diagnostic.js';
export { renderDiagnostics } from './diagnostics/render-text.js';
export { renderSarif } from './diagnostics/render-sarif.js';
export { toFailure } from './diagnostics/failure.js';
export { CODES } from './diagnostics/codes.js';
export { RULES, SPEC_RULES, RESOLVED_RULES, OBJECT_RULES, type Rule, type RuleMeta, type SpecRule, type ResolvedRule, type ObjectRule, type ObjectFinding } from './rules/index.js';
export { lintStack, lintObjects, type LintReport } from './lint/lint.js';
export { lintCommand, type LintOptions, type LintResult } from './commands/lint.js';
export { FEATURES } from './generate/features/index.js';
export type { Feature } from './generate/features/feature.js';
export { buildGraph } from './graph/build.js';
export { collapseCopies } from './graph/collapse.js';
export { formatGraph } from './graph/print-text.js';
export { formatMermaid } from './graph/print-mermaid.js';
export { formatDot } from './graph/print-dot.js';
export { graphCommand, type GraphResult } from './commands/graph.js';
export type { StackGraph } from './model/graph.js';
export { KINDS, kindInfo, type KindInfo } from './k8s/kinds/index.js';
export { ownerLabels, ownerSelector, type Owner } from './model/ownership.js';
export type { ClusterPort } from './cluster/port.js';
export type { CommandIO } from './commands/target.js';
export { preflight, checkPreflight, type PreflightResult } from './commands/preflight.js';
export { preflightNeeds, preflightFindings, type PreflightNeeds, type ClusterFacts } from './plan/preflight.js';
export { keyShapes, type KeyShape } from './model/secret-shape.js';

import { parseStack } from './load/load-stack.js';
import type { StackSpec } from './model/stack.js';
import { renderStack, type RenderOptions, type RenderResult } from './commands/render.js';
import { stringify } from 'yaml';

/** Render a stack built in TypeScript (e.g. with defineStack) through the same checks as a file. */
export function renderSpec(stack: StackSpec, opts: RenderOptions = {}, file = '<defineStack>'): RenderResult {
  return renderStack(parseStack(stringify(stack), file), opts);
}
