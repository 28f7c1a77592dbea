/** Day-2 commands on a deployed stack: restart, run, connect, exec. */
import { Option } from 'commander';
import type { RestartPlan } from '../../lifecycle/restart-plan.js';
import type { RestartResult } from '../../commands/restart.js';
import { defineCommand, type RawOptions } from '../command-table.js';
import { forceUnlockOption, stackAt, target, targetOptions, timeoutOption } from '../flags.js';

const componentArg = (what: string) => ({ name: 'component', description: what, required: true });
const tenantOption = () => new Option('--tenant <name>', 'only this tenant of a perTenant service');
const tenantOf = (o: RawOptions) => (typeof o.tenant === 'string' ? { tenant: o.tenant } : {});

type RestartOutcome = { plan: RestartPlan } | RestartResult;

export const restartCmd = defineCommand<RestartOutcome>({
  name: 'restart',
  description: 'rolling restart of a component, waited for, then of the components that must follow it (restartWith, --with-dependents)',
  args: [componentArg('service or infra name from the stack')],
  options: [
    ...targetOptions(),
    tenantOption(),
    new Option('--with-dependents', 'also restart every component that uses it (transitively), in dependency order'),
    new Option('--force', 'restart components marked protect: true too'),
    new Option('--plan', 'print the order and restart nothing (the cluster is not contacted)'),
    timeoutOption(),
    forceUnlockOption(),
  ],
  jsonLines: true,
  async run(o, io) {
    const loaded = await stackAt(o.file);
    const name = String(o.component);
    const planOpts = { ...tenantOf(o), withDependents: o.withDependents === true };
    if (o.plan === true) {
      const { planRestart } = await import('../../commands/restart.js');
      return { plan: planRestart(loaded, name, { ...target(o, io), ...planOpts }) };
    }
    const { restart } = await import('../../commands/restart.js');
    const { progress } = await import('../progress.js');
    const live = await progress(o.output === 'json');
    return restart(loaded, name, { ...target(o, io), ...planOpts, force: o.force === true, forceUnlock: o.forceUnlock === true, timeoutSeconds: o.timeout as number, report: live.report, signal: io.interrupt() }).finally(() => live.close());
  },
  async text(r) {
    if (!('restarted' in r)) return (await import('../../lifecycle/restart-plan.js')).formatRestartPlan(r.plan);
    return `restarted ${r.restarted.map((s) => `${s.component} (${s.seconds}s)`).join(', ')}\n`;
  },
  formats: { json: (r) => `${JSON.stringify('restarted' in r ? { type: 'result', ...r } : r.plan)}\n` },
});

export const DAY2_COMMANDS = [restartCmd];
