/**
 * slipway's ownership contract: the labels that mark an object as slipway's for one stack and environment,
 * and the selectors that prune, `down`, history and the lock use to find them again. The one place these
 * label keys are written (test/unit/ownership.test.ts proves every generated object matches the selector).
 */
import { labelSelector } from '../k8s/object.js';

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const PART_OF = 'app.kubernetes.io/part-of';
const ENVIRONMENT_LABEL = 'slipway.dev/environment';
/** Credentials slipway generated: never pruned, never rotated, deleted only by `down --purge`. */
export const GENERATED_LABEL = 'slipway.dev/generated';
/** Revision records (Secrets) of `up`/`rollback`. */
const HISTORY_LABEL = 'slipway.dev/history';
const STACK_LABEL = 'slipway.dev/stack';
export const REVISION_LABEL = 'slipway.dev/revision';
export const STATUS_LABEL = 'slipway.dev/status';
/**
 * Jobs `slipway run` started on demand. They carry the owner labels, so `down` deletes them with the stack, but
 * they are records of something a person asked for, not drift from the stack file: prune leaves them, and the Job
 * controller removes them a day after they finish (ttlSecondsAfterFinished), logs and result readable until then.
 */
const RUN_LABEL = 'slipway.dev/run';
/** Set on a namespace slipway created (not merely applied labels to): only such a namespace may be deleted. */
export const CREATED_BY_ANNOTATION = 'slipway.dev/created-by';
const MANAGER = 'slipway';

export interface Owner {
  stack: string;
  environment: string;
  namespace: string;
}

/** Label values must be ≤63 chars of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Labels that prove slipway owns an object for this stack and environment. */
export function ownerLabels(o: Pick<Owner, 'stack' | 'environment'>): Record<string, string> {
  return { [MANAGED_BY]: MANAGER, [PART_OF]: o.stack, [ENVIRONMENT_LABEL]: labelValue(o.environment) };
}

/** Owner labels of a Job `slipway run` starts. */
export function runLabels(o: Pick<Owner, 'stack' | 'environment'>): Record<string, string> {
  return { ...ownerLabels(o), [RUN_LABEL]: 'true' };
}

/** A Job `slipway run` started: owned, but never pruned (see RUN_LABEL). */
export function isOnDemandRun(o: { metadata: { labels?: Readonly<Record<string, string>> } }): boolean {
  return o.metadata.labels?.[RUN_LABEL] === 'true';
}

/** The selector of everything slipway owns for this stack and environment (prune, down, data volumes). */
export function ownerSelector(o: Pick<Owner, 'stack' | 'environment'>): string {
  return labelSelector(ownerLabels(o));
}

/** Owner labels of a credentials Secret slipway generates. */
export function generatedLabels(o: Pick<Owner, 'stack' | 'environment'>): Record<string, string> {
  return { ...ownerLabels(o), [GENERATED_LABEL]: 'true' };
}

/** Owned objects other than generated credentials: what prune compares with the desired set. */
export function prunableSelector(o: Pick<Owner, 'stack' | 'environment'>): string {
  return `${ownerSelector(o)},${GENERATED_LABEL}!=true,${HISTORY_LABEL}!=true`;
}

/** A credentials Secret slipway generated (see GENERATED_LABEL): emitters that hand objects to other tools keep it too. */
export function isGeneratedCredential(o: { kind: string; metadata: { labels?: Readonly<Record<string, string>> } }): boolean {
  return o.kind === 'Secret' && o.metadata.labels?.[GENERATED_LABEL] === 'true';
}

export function generatedSelector(o: Pick<Owner, 'stack' | 'environment'>): string {
  return labelSelector(generatedLabels(o));
}

export function historyLabels(stack: string, environment: string): Record<string, string> {
  return { [MANAGED_BY]: MANAGER, [HISTORY_LABEL]: 'true', [STACK_LABEL]: stack, [ENVIRONMENT_LABEL]: labelValue(environment) };
}

export function historySelector(stack: string, environment: string): string {
  return labelSelector(historyLabels(stack, environment));
}

export function lockLabels(stack: string, environment: string): Record<string, string> {
  return { [MANAGED_BY]: MANAGER, [STACK_LABEL]: stack, [ENVIRONMENT_LABEL]: labelValue(environment) };
}

/** The CREATED_BY_ANNOTATION value: which stack and environment created (or, asked to, adopted) a namespace. */
export function createdByAnnotations(o: Pick<Owner, 'stack' | 'environment'>): Record<string, string> {
  return { [CREATED_BY_ANNOTATION]: `${o.stack}/${o.environment}` };
}

/** Whether a live namespace was created (or adopted) by slipway for exactly this stack and environment. */
export function createdFor(annotations: Readonly<Record<string, string>> | undefined, o: Pick<Owner, 'stack' | 'environment'>): boolean {
  return annotations?.[CREATED_BY_ANNOTATION] === `${o.stack}/${o.environment}`;
}
