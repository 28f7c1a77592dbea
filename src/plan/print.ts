/** The deploy plan as text: what `up --plan` prints, and the oracle of the plan tests. Deterministic. */
import { refKey } from '../k8s/object.js';
import type { DeployPlan } from './deploy-plan.js';
import { formatWaves } from './waves.js';

const NAMESPACE: Record<DeployPlan['namespace'], string> = {
  create: 'create (marked as created by slipway)',
  update: 'update (created by slipway for this stack)',
  adopt: 'adopt (take over an existing namespace: --adopt-namespace)',
  use: 'use as it is (exists and was not created by slipway; never relabelled or deleted)',
};

export function formatPlan(plan: DeployPlan): string {
  const { owner } = plan;
  const lines = [`plan for ${owner.stack}/${owner.environment} in namespace ${owner.namespace}`];
  if (plan.unchanged) lines.push('revision: none (same content as the deployed revision)');
  else lines.push(`revision: ${plan.revision!.revision}${plan.rollbackOf ? ` (rollback to ${plan.rollbackOf})` : ''}, stack hash ${plan.stackHash.slice(0, 12)}`);
  lines.push(`namespace: ${NAMESPACE[plan.namespace]}`);
  lines.push(formatWaves(plan.waves));
  lines.push(plan.prune.length ? `prune:\n${plan.prune.map((o) => `  ${refKey(o)}`).join('\n')}` : 'prune: nothing');
  const list = (label: string, ns: readonly number[]) => ns.length && lines.push(`${label}: ${ns.join(', ')}`);
  list('mark superseded', plan.supersede);
  list('mark interrupted (left pending by a run that is gone)', plan.interrupt);
  list('delete old revisions', plan.trim);
  for (const r of plan.rejected) lines.push(`skipped record ${r.name}: ${r.reason}`);
  return `${lines.join('\n')}\n`;
}
