import { ExitCode, SlipwayError, userError } from '../diagnostics/errors.js';
import type { StackSpec } from '../model/stack.js';
import { clusterNames, DEFAULT_ENVIRONMENT, environmentNames } from '../resolve/merge-environment.js';
import { suggest } from '../diagnostics/did-you-mean.js';

/** The environment a command works on: the one asked for, or the only one there is. */
export function pickEnvironment(data: unknown, asked: string | undefined): string {
  const stack = data as Partial<StackSpec>;
  const names = stack.environments && typeof stack.environments === 'object' ? environmentNames(stack as StackSpec) : [DEFAULT_ENVIRONMENT];
  if (asked) {
    if (!names.includes(asked)) throw userError(`environment "${asked}" is not defined in the stack`, suggest(asked, names, 'environments'));
    return asked;
  }
  if (names.length === 1) return names[0]!;
  throw userError(`the stack has several environments; choose one with -e (${names.join(', ')})`, `e.g. -e ${names[0]}`);
}

/** A cluster asked for must be one of the environment's; undefined stays undefined (the whole environment). */
export function checkCluster(data: unknown, environment: string, asked: string | undefined): string | undefined {
  if (asked === undefined) return undefined;
  const names = clusterNames(data as StackSpec, environment);
  if (names.includes(asked)) return asked;
  if (!names.length) throw new SlipwayError([{ code: 'unknown-cluster', message: `environment "${environment}" is deployed to one cluster (it has no clusters:), so --cluster ${asked} names nothing`, path: '', hint: 'drop --cluster, or add clusters: to the environment' }], ExitCode.user);
  throw new SlipwayError([{ code: 'unknown-cluster', message: `environment "${environment}" has no cluster "${asked}"`, path: '', hint: suggest(asked, names, 'clusters') }], ExitCode.user);
}

/** A command that acts on one target was given a multi-cluster environment without saying which cluster. */
export function clusterRequired(environment: string, clusters: readonly string[]): SlipwayError {
  return new SlipwayError([{ code: 'cluster-required', message: `environment "${environment}" is deployed to several clusters (${clusters.join(', ')}): this command acts on one`, path: '', hint: `add --cluster ${clusters[0]}` }], ExitCode.user);
}

/** The cluster a command acting on one target works on: the one asked for (checked), required on a multi-cluster environment. */
export function targetCluster(data: unknown, environment: string, asked: string | undefined): string | undefined {
  const clusters = clusterNames(data as StackSpec, environment);
  if (clusters.length && asked === undefined) throw clusterRequired(environment, clusters);
  return checkCluster(data, environment, asked);
}
