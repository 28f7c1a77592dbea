/**
 * A revision: what one `up` or `rollback` applied, as recorded in the cluster (lifecycle/revision-codec.ts
 * stores it in a Secret). Generated credential values are never part of it.
 */
import type { K8sObject } from '../k8s/object.js';
import type { StackGraph } from './graph.js';

export type RevisionStatus = 'pending' | 'deployed' | 'failed' | 'interrupted' | 'superseded';
export const REVISION_STATUSES: readonly RevisionStatus[] = ['pending', 'deployed', 'failed', 'interrupted', 'superseded'];

export interface Revision {
  revision: number;
  stack: string;
  environment: string;
  stackHash: string;
  user: string;
  startedAt: string;
  finishedAt?: string;
  status: RevisionStatus;
  message?: string;
  /** The revision this one rolled back to, if it was a rollback. */
  rollbackOf?: number;
  /** The dependency graph the objects were applied along (so a rollback waits as the original run did). */
  graph?: StackGraph;
  objects: K8sObject[];
}

/** A revision Secret that could not be used: unreadable, malformed, or not signed with the project key. */
export interface RejectedRevision {
  /** The Secret's name. */
  name: string;
  /** Its number, when the name or label says one. */
  revision?: number;
  reason: string;
}

/** Everything recorded for one stack and environment: usable revisions oldest first, and the refused ones. */
export interface History {
  revisions: Revision[];
  rejected: RejectedRevision[];
}

/** How many revisions are kept per stack and environment; older ones are deleted. */
export const KEEP_REVISIONS = 10;
/** Interrupted runs kept besides (they never push real revisions out). */
export const KEEP_INTERRUPTED = 3;
