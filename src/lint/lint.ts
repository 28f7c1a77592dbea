/**
 * The lint stage: object rules (and, for a stack, the resolved rules and validate's own warnings) over one
 * object set, each finding located where a human fixes it — the object's file and line for manifests, the
 * stack's file and line (through generate's provenance) for a stack.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { SlipwayError } from '../diagnostics/errors.js';
import { suggest } from '../diagnostics/did-you-mean.js';
import { generate, type Generated } from '../generate/generate.js';
import type { ResolvedStack } from '../model/resolved.js';
import { refKey } from '../k8s/object.js';
import type { LoadedStack } from '../load/load-stack.js';
import { toDiagnostic, validateStack } from '../validate/validate.js';
import { pickEnvironment } from '../commands/environment.js';
import { annotationIgnore, commentIds, commentIgnore, type IgnoreVerdict } from './ignores.js';
import { base, NO_REASON, reasonless, RULE_IDS } from './lint-objects.js';
import { ruleSet, type RuleSet } from './rule-set.js';
import { runObjectRules } from './run-object-rules.js';

export { lintObjects } from './lint-objects.js';

export interface LintReport {
  /** What was linted: a stack and environment, or how many objects from where. */
  target: string;
  objects: number;
  diagnostics: Diagnostic[];
}

/**
 * Lint one environment of a stack: validate's warnings, the resolved rules, and the object rules over what
 * render would write. A stack validate refuses is bad input (a SlipwayError), not a finding.
 */
export function lintStack(loaded: LoadedStack, opts: { environment?: string; rules?: RuleSet; catalog?: Catalog } = {}): LintReport {
  const rules = opts.rules ?? ruleSet();
  const environment = pickEnvironment(loaded.data, opts.environment);
  const validation = validateStack(loaded, { environments: [environment], ...(opts.catalog ? { catalog: opts.catalog } : {}) });
  const resolved = validation.resolved?.get(environment);
  if (!validation.stack || !resolved || validation.diagnostics.some((d) => (d.severity ?? 'error') === 'error')) throw new SlipwayError(validation.diagnostics);
  const named = validation.stack.environments ? environment : undefined;
  const { source } = loaded;
  const lines = source.text.split('\n');
  const generated = generate(resolved, opts.catalog ? { catalog: opts.catalog } : {});
  const diagnostics: Diagnostic[] = [];
  // validate's own findings below error (warnings and notes of spec rules), unless turned off.
  for (const d of validation.diagnostics) if (!d.ruleId || rules.enabled(d.ruleId)) keepUnlessIgnored(d, lines, diagnostics);
  diagnostics.push(...lintGenerated(loaded, named, resolved, generated, rules));
  for (const { id, line } of commentIds(lines)) {
    if (!RULE_IDS.includes(id)) diagnostics.push({ code: 'unknown-rule', severity: 'warning', message: `the lint-ignore comment names no rule "${id}"`, hint: suggest(id, RULE_IDS, 'rules'), path: '', file: source.file, line, col: 1 });
  }
  return { target: `${source.file} (environment ${environment})`, objects: generated.objects.length, diagnostics: sortDiagnostics(diagnostics) };
}

/** Keep a finding unless a `# lint-ignore` comment with a reason on its line (or the one above) says otherwise. */
function keepUnlessIgnored(d: Diagnostic, lines: readonly string[], out: Diagnostic[]): void {
  const verdict: IgnoreVerdict = d.line && d.ruleId ? commentIgnore(lines, d.line, d.ruleId) : { ignored: false };
  if (!verdict.ignored) out.push(reasonless(verdict) ? { ...d, message: d.message + NO_REASON } : d);
}

/**
 * The resolved and object rules over one environment's generated objects, located in the stack file through
 * generate's provenance. `lint` runs every enabled rule; `render` and `up` run the error-level ones.
 */
export function lintGenerated(loaded: LoadedStack, environment: string | undefined, resolved: ResolvedStack, generated: Pick<Generated, 'objects' | 'provenance'>, rules: RuleSet): Diagnostic[] {
  const { source } = loaded;
  const lines = source.text.split('\n');
  const production = resolved.profile === 'production';
  const out: Diagnostic[] = [];
  for (const rule of rules.resolved) {
    if (rule.meta.productionOnly && !production) continue;
    for (const issue of rule.check(resolved)) keepUnlessIgnored(toDiagnostic({ ...issue, code: rule.meta.id, ruleId: rule.meta.id, severity: issue.severity ?? rules.severity(rule.meta.id), hint: issue.hint ?? rule.meta.remediation }, source, environment), lines, out);
  }
  for (const f of runObjectRules(generated.objects, rules.object, production)) {
    const verdict = annotationIgnore(f.object, f.rule.meta.id);
    if (verdict.ignored) continue;
    const at = generated.provenance.get(refKey(f.object)) ?? [];
    // A component's own objects point at the key the finding is about, when the stack sets it.
    const path = at.length === 2 && f.stackKey ? [...at, ...f.stackKey] : at;
    const d = base(f, rules, verdict);
    keepUnlessIgnored({ ...toDiagnostic({ code: d.code, message: d.message, path }, source, environment), ...d, path: formatPath(path) }, lines, out);
  }
  return out;
}

/** Only the rules whose findings are errors by default: what `render` and `up` refuse to write. */
export function errorRules(): RuleSet {
  const all = ruleSet();
  return { ...all, object: all.object.filter((r) => r.meta.severity === 'error'), resolved: all.resolved.filter((r) => r.meta.severity === 'error') };
}
