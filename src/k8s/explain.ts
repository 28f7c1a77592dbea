/**
 * Why is a component stuck? Reads its pods and the namespace's events and names the single most relevant
 * problem, in Kubernetes' own words (scheduler and kubelet messages are passed through unchanged). Pure.
 * Only status fields and event messages are read: never env values, so no secret can leak into the output.
 */
import type { K8sObject } from './object.js';
import { findCondition, type Condition } from './readiness.js';

export interface Problem {
  /** Kubernetes' reason, e.g. "ImagePullBackOff", "Unschedulable", "FailedCreate". */
  reason: string;
  /** What went wrong, with the container or claim it concerns. */
  message: string;
  /** The pod it was seen on; absent for controller-level problems such as a rejected pod creation. */
  pod?: string;
  /** Waiting longer will not help: the spec or the cluster's policy must change. */
  fatal: boolean;
}

/** Restarts after which a crash loop is taken as a bug rather than a slow dependency. */
export const CRASH_LOOP_FATAL_RESTARTS = 3;

/** Among non-fatal problems, lower comes first: a pod that is not placed hides everything after it. */
const Rank = { scheduling: 0, image: 1, config: 2, crash: 3, init: 4, probe: 5 } as const;

interface Candidate extends Problem {
  rank: number;
}

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; message?: string };
}

interface ContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface OwnerReference {
  kind: string;
  name: string;
  uid?: string;
}

interface Pod {
  metadata: { name: string; uid?: string; creationTimestamp?: string; deletionTimestamp?: string; ownerReferences?: OwnerReference[] };
  spec?: {
    initContainers?: { name: string; restartPolicy?: string }[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface ObjectReference {
  kind?: string;
  name?: string;
  uid?: string;
  fieldPath?: string;
}

/** core/v1 Event, with the events.k8s.io/v1 spellings (`regarding`, `note`) accepted too. */
/** An Event as either API writes it: core/v1 (involvedObject, message, lastTimestamp) or events.k8s.io/v1 (regarding, note, series). */
export interface Event {
  metadata: { name: string; creationTimestamp?: string };
  involvedObject?: ObjectReference;
  regarding?: ObjectReference;
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { lastObservedTime?: string };
}

/** What the event is about. */
export const subject = (e: Event): ObjectReference => e.involvedObject ?? e.regarding ?? {};
/** What it says. */
export const text = (e: Event): string => e.message ?? e.note ?? '';
/** When it last happened. */
export const when = (e: Event): string => e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';

/** Newest first, then by name, so the same inputs always give the same answer. */
function newest(events: readonly Event[]): Event | undefined {
  return [...events].sort((a, b) => when(b).localeCompare(when(a)) || a.metadata.name.localeCompare(b.metadata.name))[0];
}

/** Matches by uid when both sides have one: a StatefulSet pod recreated under the same name must not inherit old events. */
function isAbout(ref: ObjectReference, kind: string, name: string, uid: string | undefined): boolean {
  if (ref.kind !== kind || ref.name !== name) return false;
  return !(ref.uid && uid) || ref.uid === uid;
}

function podEvents(pod: Pod, events: readonly Event[], reasons: readonly string[]): Event[] {
  return events.filter((e) => e.type === 'Warning' && reasons.includes(e.reason ?? '') && isAbout(subject(e), 'Pod', pod.metadata.name, pod.metadata.uid));
}

const BENIGN_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

/** A problem with one container (init or regular), from its current and last state. */
function containerProblem(pod: Pod, cs: ContainerStatus, init: boolean, events: readonly Event[]): Candidate | undefined {
  const label = `${init ? 'init container' : 'container'} ${cs.name}`;
  const podName = pod.metadata.name;
  const restarts = cs.restartCount ?? 0;
  const waitingReason = cs.state?.waiting?.reason;
  const waitingMessage = cs.state?.waiting?.message;
  const crashFatal = restarts >= CRASH_LOOP_FATAL_RESTARTS;
  const restartText = `restarted ${restarts} time${restarts === 1 ? '' : 's'}`;

  if (waitingReason && !BENIGN_WAITING.has(waitingReason)) {
    switch (waitingReason) {
      case 'ImagePullBackOff':
      case 'ErrImagePull':
      case 'ErrImageNeverPull': {
        // During back-off the status only says "Back-off pulling image"; the kubelet's Failed event says why
        // (not found, unauthorized), so prefer it.
        const pull = newest(podEvents(pod, events, ['Failed']).filter((e) => text(e).startsWith('Failed to pull image') && (!subject(e).fieldPath || subject(e).fieldPath?.endsWith(`{${cs.name}}`))));
        return { rank: Rank.image, reason: waitingReason, message: `${label}: ${pull ? text(pull) : (waitingMessage ?? `cannot pull image ${cs.image ?? ''}`)}`, pod: podName, fatal: false };
      }
      case 'InvalidImageName':
        return { rank: Rank.image, reason: waitingReason, message: `${label}: ${waitingMessage ?? `invalid image name ${cs.image ?? ''}`}`, pod: podName, fatal: true };
      case 'CreateContainerConfigError':
        // The missing Secret/ConfigMap/key may simply not be created yet (e.g. by an operator), so not fatal.
        return { rank: Rank.config, reason: waitingReason, message: `${label}: ${waitingMessage ?? 'invalid container configuration'} (it starts once that exists)`, pod: podName, fatal: false };
      case 'CrashLoopBackOff':
      case 'RunContainerError': {
        const last = cs.lastState?.terminated;
        const exit = last ? `exited with code ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''}` : (waitingMessage ?? 'failed to start');
        const detail = waitingReason === 'RunContainerError' && waitingMessage && last ? `; ${waitingMessage}` : '';
        return { rank: Rank.crash, reason: waitingReason, message: `${label} ${exit}, ${restartText}${detail}`, pod: podName, fatal: crashFatal };
      }
      default:
        return { rank: Rank.config, reason: waitingReason, message: `${label}: ${waitingMessage ?? waitingReason}`, pod: podName, fatal: false };
    }
  }

  const term = cs.state?.terminated;
  if (term && term.reason === 'OOMKilled') {
    return { rank: Rank.crash, reason: 'OOMKilled', message: `${label} was killed for exceeding its memory limit (exit code ${term.exitCode ?? 137}), ${restartText}`, pod: podName, fatal: crashFatal };
  }
  if (term && (term.exitCode ?? 0) !== 0) {
    const why = term.message ? `: ${term.message.trim()}` : '';
    return { rank: Rank.crash, reason: term.reason ?? 'Error', message: `${label} exited with code ${term.exitCode}${why}`, pod: podName, fatal: crashFatal };
  }
  return undefined;
}

/** A regular init container is done when it exited 0; a native sidecar (restartPolicy Always) once it started. */
function initDone(pod: Pod, cs: ContainerStatus): boolean {
  const sidecar = pod.spec?.initContainers?.find((c) => c.name === cs.name)?.restartPolicy === 'Always';
  return sidecar ? cs.started === true : cs.state?.terminated?.exitCode === 0;
}

/** Where an unscheduled pod is stuck: a failed volume provisioning says more than the scheduler's summary. */
function schedulingProblem(pod: Pod, scheduled: Condition, events: readonly Event[]): Candidate {
  const claims = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
  const provisioning = newest(events.filter((e) => e.type === 'Warning' && e.reason === 'ProvisioningFailed' && subject(e).kind === 'PersistentVolumeClaim' && claims.includes(subject(e).name ?? '')));
  if (provisioning) {
    return { rank: Rank.scheduling, reason: 'ProvisioningFailed', message: `PersistentVolumeClaim ${subject(provisioning).name}: ${text(provisioning)}`, pod: pod.metadata.name, fatal: false };
  }
  // The condition carries the scheduler's own message; the FailedScheduling event is the same text, kept as a fallback.
  const event = newest(podEvents(pod, events, ['FailedScheduling']));
  const message = scheduled.message ?? (event ? text(event) : 'the pod is not scheduled yet');
  return { rank: Rank.scheduling, reason: scheduled.reason ?? 'Unschedulable', message, pod: pod.metadata.name, fatal: false };
}

function podProblems(pod: Pod, events: readonly Event[]): Candidate[] {
  const name = pod.metadata.name;
  const status = pod.status ?? {};
  const scheduled = findCondition(status.conditions, 'PodScheduled');
  if (scheduled?.status === 'False') return [schedulingProblem(pod, scheduled, events)];

  const found: Candidate[] = [];
  const inits = status.initContainerStatuses ?? [];
  for (const cs of inits) {
    const p = containerProblem(pod, cs, true, events);
    if (p) found.push(p);
  }
  for (const cs of status.containerStatuses ?? []) {
    const p = containerProblem(pod, cs, false, events);
    if (p) found.push(p);
  }
  if (found.length) return found;

  // Volume and sandbox failures leave containers in the benign-looking ContainerCreating; only events tell.
  const creating = newest(podEvents(pod, events, ['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox']));
  const allStarted = [...inits, ...(status.containerStatuses ?? [])].every((cs) => cs.state?.running || cs.state?.terminated);
  if (creating && !allStarted) return [{ rank: Rank.config, reason: creating.reason ?? 'FailedMount', message: text(creating), pod: name, fatal: false }];

  // Init containers run one at a time; the first unfinished one is what the pod waits in (slipway's wait-for-* live here).
  const pending = inits.find((cs) => !initDone(pod, cs));
  if (pending) {
    const done = inits.filter((cs) => initDone(pod, cs)).length;
    return [{ rank: Rank.init, reason: 'PodInitializing', message: `waiting in init container ${pending.name} (${done}/${inits.length} init containers done)`, pod: name, fatal: false }];
  }

  if (findCondition(status.conditions, 'Ready')?.status === 'False' && status.phase === 'Running') {
    const probe = newest(podEvents(pod, events, ['Unhealthy']));
    const notReady = (status.containerStatuses ?? []).filter((cs) => cs.ready === false).map((cs) => cs.name);
    const message = probe ? text(probe) : `container${notReady.length === 1 ? '' : 's'} ${notReady.join(', ')} running but not ready`;
    return [{ rank: Rank.probe, reason: probe ? 'Unhealthy' : 'NotReady', message, pod: name, fatal: false }];
  }
  return [];
}

/** Pod creation refused by admission: policy decisions do not change on retry, quota and missing accounts may. */
function creationRefusedFatal(message: string): boolean {
  return message.includes('violates PodSecurity') || /admission webhook "[^"]*" denied the request/.test(message);
}

const CONTROLLERS = new Set(['ReplicaSet', 'Job', 'StatefulSet', 'DaemonSet']);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Is this controller event about the component? Pods name their owners; with no pods yet (the case where
 * creation is refused) only the workload can tell: a Deployment's ReplicaSets are "<name>-<hash>" and a
 * CronJob's Jobs "<name>-<minutes>", suffixes without dashes so "api" does not claim "api-worker-5d9f".
 */
function isControllerOf(ref: ObjectReference, pods: readonly Pod[], workload: K8sObject | undefined): boolean {
  if (!ref.kind || !ref.name || !CONTROLLERS.has(ref.kind)) return false;
  if (pods.some((p) => p.metadata.ownerReferences?.some((o) => o.kind === ref.kind && o.name === ref.name))) return true;
  if (!workload) return false;
  const name = workload.metadata.name;
  if (ref.kind === workload.kind && ref.name === name) return true;
  const child = new RegExp(`^${escapeRegExp(name)}-[a-z0-9]+$`);
  return (workload.kind === 'Deployment' && ref.kind === 'ReplicaSet' && child.test(ref.name)) || (workload.kind === 'CronJob' && ref.kind === 'Job' && child.test(ref.name));
}

function controllerProblems(pods: readonly Pod[], events: readonly Event[], workload: K8sObject | undefined): Candidate[] {
  const byController = new Map<string, Event[]>();
  for (const e of events) {
    const ref = subject(e);
    if (e.type !== 'Warning' || e.reason !== 'FailedCreate' || !isControllerOf(ref, pods, workload)) continue;
    const key = `${ref.kind}/${ref.name}`;
    byController.set(key, [...(byController.get(key) ?? []), e]);
  }
  const found: Candidate[] = [];
  for (const list of byController.values()) {
    const latest = newest(list)!;
    const ref = subject(latest);
    // Events outlive the problem by an hour: a pod this controller created after the failure shows creation works again.
    const since = when(latest);
    const recovered = pods.some((p) => p.metadata.ownerReferences?.some((o) => o.kind === ref.kind && o.name === ref.name) && (p.metadata.creationTimestamp ?? '') > since);
    if (recovered) continue;
    const message = text(latest);
    found.push({ rank: Rank.scheduling, reason: 'FailedCreate', message: `${ref.kind} ${ref.name}: ${message}`, fatal: creationRefusedFatal(message) });
  }
  return found;
}

/** Pods that say nothing about the current rollout: being deleted, finished, or evicted and left behind. */
function isRelevant(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return false;
  return !(phase === 'Failed' && pod.status?.reason);
}

/**
 * The single most relevant reason the given pods are not ready, or undefined if none is visible.
 * Order: fatal first, then scheduling (incl. refused pod creation), images, configuration/volumes, crashes,
 * init waits, failing probes; ties go to the pod name. `events` may be the whole namespace's: only events about
 * these pods, their claims and their controllers are read. Pass `workload` so that refused pod creation is found
 * even before any pod exists.
 */
export function explain(pods: readonly K8sObject[], events: readonly K8sObject[], workload?: K8sObject): Problem | undefined {
  const podList = (pods as readonly unknown[] as readonly Pod[]).filter(isRelevant);
  const eventList = events as readonly unknown[] as readonly Event[];
  const candidates = [...podList.flatMap((p) => podProblems(p, eventList)), ...controllerProblems(podList, eventList, workload)];
  candidates.sort((a, b) => Number(b.fatal) - Number(a.fatal) || a.rank - b.rank || (a.pod ?? '').localeCompare(b.pod ?? ''));
  const best = candidates[0];
  if (!best) return undefined;
  const { rank: _rank, ...problem } = best;
  return problem;
}
