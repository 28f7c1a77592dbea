/**
 * kube-score and `slipway lint` on the same files: every example's render in every environment and the
 * public-style manifests under test/lint-corpus/. Each input is one file given whole to kube-score (all checks,
 * optional ones included) and to lint's manifest reader (every rule on, as production), and the findings are
 * paired per object. The result renders as docs/lint-agreement.md; the peer test holds it to agreement.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocatedManifests } from '../src/analyze/read-manifests.js';
import { renderStack } from '../src/commands/render.js';
import { refKey, type K8sObject } from '../src/k8s/object.js';
import { loadStack } from '../src/load/load-stack.js';
import { lintObjects } from '../src/lint/lint.js';
import { ObjectIndex } from '../src/lint/object-index.js';
import { ruleSet } from '../src/lint/rule-set.js';
import { OBJECT_RULES, RULES } from '../src/rules/index.js';
import { isCovered, KUBE_SCORE_MAP, type Covered } from './lint-agreement-map.js';

export const CORPUS = 'test/lint-corpus';
/** The Kubernetes version kube-score judges API versions against: the test cluster's. */
const KUBE_VERSION = 'v1.36';

export interface Input {
  name: string;
  file: string;
}

export interface KubeScoreCheck {
  id: string;
  optional: boolean;
}

export interface CheckRow {
  id: string;
  optional: boolean;
  /** Objects kube-score flags (one per object, however many containers). */
  kubeScore: number;
  /** Objects the mapped rules flag. */
  slipway: number;
  /** kube-score findings slipway deliberately does not follow (covered checks' exceptions). */
  excepted: number;
  /** `input: Kind/ns/name` kube-score flags and no mapped rule does: each one a bug to fix. */
  missed: string[];
}

export interface Agreement {
  version: string;
  inputs: Input[];
  objects: number;
  /** Check ids `kube-score list` prints that the map does not know. */
  unmapped: string[];
  /** Mapped rule ids that are not slipway rules. */
  unknownRules: string[];
  rows: CheckRow[];
}

interface Scored {
  type_meta: { kind: string };
  object_meta: { name: string; namespace?: string };
  checks: { check: { id: string }; grade: number; skipped: boolean; comments: { summary: string }[] | null }[];
}

/** The kube-score binary: on PATH under run-tests, else in scripts/testbin's cache. */
export function kubeScoreBinary(): string {
  if (spawnSync('kube-score', ['version'], { encoding: 'utf8' }).status === 0) return 'kube-score';
  const bin = spawnSync('bash', ['scripts/testbin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).stdout.trim().split('\n').pop() ?? '';
  const path = join(bin, 'kube-score');
  if (spawnSync(path, ['version'], { encoding: 'utf8' }).status !== 0) throw new Error('kube-score is not available (scripts/testbin builds it)');
  return path;
}

export function kubeScoreChecks(bin: string): KubeScoreCheck[] {
  const r = spawnSync(bin, ['list'], { encoding: 'utf8' });
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .map((f) => ({ id: f[0]!, optional: f[f.length - 1] === 'optional' }));
}

/** Every example in every environment, rendered to a file, then the corpus files in name order. */
export function agreementInputs(): Input[] {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-agreement-'));
  const inputs: Input[] = [];
  for (const example of readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const loaded = loadStack(join('examples', example, 'slipway.yaml'));
    const envs = Object.keys((loaded.data as { environments?: Record<string, unknown> }).environments ?? { '': 1 }).sort();
    for (const env of envs) {
      const file = join(dir, `${example}-${env || 'default'}.yaml`);
      writeFileSync(file, renderStack(loaded, env ? { environment: env } : {}).text);
      inputs.push({ name: `examples/${example}${env ? ` -e ${env}` : ''}`, file });
    }
  }
  for (const f of readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort()) inputs.push({ name: `${CORPUS}/${f}`, file: join(CORPUS, f) });
  return inputs;
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ? `${namespace}/` : ''}${name}`;

interface InputFindings {
  /** check id → object key → kube-score comment summaries */
  kubeScore: Map<string, Map<string, string[]>>;
  /** rule id → object keys */
  slipway: Map<string, Set<string>>;
  /** HorizontalPodAutoscaler key → key of the workload it scales */
  scaleTarget: Map<string, string>;
  /** The input's objects by key, and indexed as lint sees them. */
  byKey: Map<string, K8sObject>;
  index: ObjectIndex;
}

function findingsOf(bin: string, input: Input): InputFindings {
  const r = spawnSync(bin, ['score', '-o', 'json', '--all-default-optional', '--kubernetes-version', KUBE_VERSION, input.file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`kube-score failed on ${input.name}: ${r.stderr}`);
  const kubeScore = new Map<string, Map<string, string[]>>();
  for (const o of JSON.parse(r.stdout) as Scored[]) {
    for (const c of o.checks) {
      if (c.skipped || c.grade >= 10) continue;
      let objects = kubeScore.get(c.check.id);
      if (!objects) kubeScore.set(c.check.id, (objects = new Map()));
      const key = keyOf(o.type_meta.kind, o.object_meta.namespace, o.object_meta.name);
      objects.set(key, [...(objects.get(key) ?? []), ...(c.comments ?? []).map((x) => x.summary)]);
    }
  }
  const located = readLocatedManifests(input.file, () => '');
  const every = ruleSet(Object.fromEntries(OBJECT_RULES.map((rule) => [rule.meta.id, 'on' as const])));
  const slipway = new Map<string, Set<string>>();
  for (const d of lintObjects(located, every)) {
    if (!d.ruleId || !d.object) continue;
    let objects = slipway.get(d.ruleId);
    if (!objects) slipway.set(d.ruleId, (objects = new Set()));
    objects.add(d.object);
  }
  const scaleTarget = new Map<string, string>();
  for (const { object } of located) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (object as K8sObject & { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }).spec?.scaleTargetRef;
    if (ref?.kind && ref.name) scaleTarget.set(refKey(object), keyOf(ref.kind, object.metadata.namespace, ref.name));
  }
  const objects = located.map((l) => l.object);
  return { kubeScore, slipway, scaleTarget, byKey: new Map(objects.map((o) => [refKey(o), o])), index: new ObjectIndex(objects) };
}

/** Every comment of the finding is one slipway deliberately does not follow (by its wording, the object, or both). */
function excepted(m: Covered, summaries: readonly string[], o: K8sObject | undefined, ix: ObjectIndex): boolean {
  const applies = (s: string) => (m.except ?? []).some((e) => (!e.summary || e.summary.test(s)) && (!e.when || (o !== undefined && e.when(o, ix))));
  return summaries.length > 0 && summaries.every(applies);
}

export function computeAgreement(bin = kubeScoreBinary(), inputs = agreementInputs()): Agreement {
  const version = spawnSync(bin, ['version'], { encoding: 'utf8' }).stdout.trim();
  const checks = kubeScoreChecks(bin);
  const ruleIds = new Set(RULES.map((r) => r.meta.id));
  const rows = new Map<string, CheckRow>(checks.map((c) => [c.id, { id: c.id, optional: c.optional, kubeScore: 0, slipway: 0, excepted: 0, missed: [] }]));
  let objects = 0;
  for (const input of inputs) {
    const f = findingsOf(bin, input);
    objects += f.byKey.size;
    for (const [id, row] of rows) {
      const flagged = f.kubeScore.get(id) ?? new Map<string, string[]>();
      row.kubeScore += flagged.size;
      const m = KUBE_SCORE_MAP[id];
      if (!m || !isCovered(m)) continue;
      const bySlipway = new Set(m.rules.flatMap((rule) => [...(f.slipway.get(rule) ?? [])]));
      row.slipway += bySlipway.size;
      for (const [key, summaries] of flagged) {
        const at = m.atScaleTarget ? (f.scaleTarget.get(key) ?? key) : key;
        if (bySlipway.has(at)) continue;
        if (excepted(m, summaries, f.byKey.get(key), f.index)) row.excepted++;
        else row.missed.push(`${input.name}: ${key} (${summaries.join('; ')})`);
      }
    }
  }
  const mappedRules = Object.values(KUBE_SCORE_MAP).flatMap((m) => (isCovered(m) ? m.rules : []));
  return {
    version,
    inputs,
    objects,
    unmapped: checks.map((c) => c.id).filter((id) => !KUBE_SCORE_MAP[id]),
    unknownRules: [...new Set(mappedRules.filter((r) => !ruleIds.has(r)))],
    rows: [...rows.values()],
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function agreementMarkdown(a: Agreement): string {
  const covered = a.rows.filter((r) => isCovered(KUBE_SCORE_MAP[r.id]!));
  const out = [
    '# Agreement with kube-score',
    '',
    '<!-- Generated by `npm run agreement` (scripts/write-lint-agreement.ts); test/peers/lint-agreement.test.ts fails when it is stale. -->',
    '',
    `${a.version}, every check including the optional ones (\`--all-default-optional --kubernetes-version ${KUBE_VERSION}\`), against`,
    '`slipway lint` with every rule on, on the same files: each example rendered in each of its environments and the',
    `public-style manifests under \`${CORPUS}/\` (${a.inputs.length} inputs, ${a.objects} objects). Counts are objects flagged (one per`,
    'object however many of its containers fail). For a covered check, every object kube-score flags is flagged by',
    "one of the slipway rules named, except the findings listed with slipway's reason; slipway may flag more (its",
    'rules are stricter in places, e.g. a Deployment with one replica whether or not a Service targets it).',
    '',
    `${covered.length} of ${a.rows.length} checks covered, ${a.rows.length - covered.length} deliberately not covered.`,
    '',
    '| kube-score check | optional | slipway rules | kube-score | slipway | not followed | missed |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  for (const r of a.rows) {
    const m = KUBE_SCORE_MAP[r.id]!;
    const rules = isCovered(m) ? m.rules.map((x) => `\`${x}\``).join(', ') : '— (not covered)';
    out.push(`| \`${r.id}\` | ${r.optional ? 'yes' : ''} | ${rules} | ${r.kubeScore} | ${isCovered(m) ? r.slipway : ''} | ${isCovered(m) && r.excepted ? r.excepted : ''} | ${isCovered(m) ? r.missed.length : ''} |`);
  }
  out.push('', '## Findings slipway does not follow, and why', '');
  for (const r of a.rows) {
    const m = KUBE_SCORE_MAP[r.id]!;
    if (!isCovered(m)) out.push(`- \`${r.id}\` (not covered): ${cell(m.notCovered)}.`);
    else for (const e of m.except ?? []) out.push(`- \`${r.id}\`, ${e.label}: ${cell(e.reason)}.`);
  }
  const notes = a.rows.flatMap((r) => {
    const m = KUBE_SCORE_MAP[r.id]!;
    return isCovered(m) && m.note ? [`- \`${r.id}\`: ${m.note}.`] : [];
  });
  if (notes.length) out.push('', '## Notes', '', ...notes);
  const missed = a.rows.flatMap((r) => r.missed.map((m) => `- \`${r.id}\`: ${m}`));
  if (missed.length) out.push('', '## Missed (bugs to fix)', '', ...missed);
  out.push('', '## Inputs', '', ...a.inputs.map((i) => `- ${i.name}`), '');
  return out.join('\n');
}
