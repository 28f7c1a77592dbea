/**
 * Every kube-score check (`kube-score list`, optional ones included) against slipway's lint: the rules that
 * flag the same objects, or why slipway deliberately does not follow it. Data only: scripts/lint-agreement.ts
 * runs both tools and holds each covered check to "every object kube-score flags, the mapped rules flag too",
 * and test/peers/lint-agreement.test.ts fails on a check that is in neither list.
 */
import type { K8sObject } from '../src/k8s/object.js';
import type { LabelSelector, ObjectIndex } from '../src/lint/object-index.js';
import { operatorPodsSelected } from '../src/rules/object/network-policy-selects-nothing.js';
import { replicaFloor } from '../src/lint/pod-facts.js';
import { annotationIgnore } from '../src/lint/ignores.js';

export interface Covered {
  /** Slipway rules whose findings on the same object count as agreement. */
  rules: readonly string[];
  /** kube-score findings slipway deliberately does not follow, each with the reason; agreement is required on all others. */
  except?: readonly Exception[];
  /** kube-score flags the HorizontalPodAutoscaler where slipway flags the workload it scales. */
  atScaleTarget?: boolean;
  note?: string;
}

/** A kind of kube-score finding slipway does not follow: by kube-score's comment, by the object, or both. */
export interface Exception {
  /** What the table says it is. */
  label: string;
  /** Every comment summary of the finding matches this. */
  summary?: RegExp;
  /** The flagged object (with the whole input indexed) is one of these. */
  when?: (o: K8sObject, ix: ObjectIndex) => boolean;
  reason: string;
}

export interface NotCovered {
  notCovered: string;
}

export type Mapping = Covered | NotCovered;

export const isCovered = (m: Mapping): m is Covered => 'rules' in m;

const oneReplica = (o: K8sObject, ix: ObjectIndex) => replicaFloor(ix, o) < 2;
const spreadOverNodes = (o: K8sObject, ix: ObjectIndex) =>
  ((ix.podOf(o)?.spec.topologySpreadConstraints ?? []) as { topologyKey?: string }[]).some((c) => c.topologyKey === 'kubernetes.io/hostname');
type Probe = { failureThreshold?: number; periodSeconds?: number } & Record<string, unknown>;
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];
/** Every container whose probes share a handler gives liveness more time to fail than readiness. */
const livenessWaitsLonger = (o: K8sObject, ix: ObjectIndex) =>
  ix.containers
    .filter((s) => s.pod.object === o && s.container.readinessProbe && s.container.livenessProbe)
    .every((s) => {
      const [r, l] = [s.container.readinessProbe as Probe, s.container.livenessProbe as Probe];
      const sameHandler = HANDLERS.every((h) => JSON.stringify(r[h]) === JSON.stringify(l[h]));
      const patience = (p: Probe) => (p.failureThreshold ?? 3) * (p.periodSeconds ?? 10);
      return !sameHandler || patience(l) > patience(r);
    });

const API_REFUSES = 'the API server refuses such an object (apply fails with the field named), so a linter finding would only repeat that error earlier';

const ANTI_AFFINITY: readonly Exception[] = [
  { label: 'one replica', when: oneReplica, reason: 'one pod (replicas unset, or an autoscaler minimum of 1) has no sibling to keep away from; single-replica is the finding' },
  {
    label: 'spread over nodes instead',
    when: spreadOverNodes,
    reason: 'a topologySpreadConstraint over kubernetes.io/hostname keeps replicas on different nodes as anti-affinity does, and also balances them; no-anti-affinity accepts either',
  },
];

export const KUBE_SCORE_MAP: Readonly<Record<string, Mapping>> = {
  'container-resources': { rules: ['requests-missing', 'cpu-limit-missing', 'memory-limit-missing'], note: 'cpu-limit-missing is off by default (a CPU limit throttles a pod the node has room for); the table runs every rule' },
  'container-resource-requests-equal-limits': {
    notCovered: 'opinion rejected: requests equal to limits (Guaranteed QoS) for every container wastes the CPU a node could lend; slipway flags a missing limit, not a limit above the request',
  },
  'container-cpu-requests-equal-limits': { notCovered: 'opinion rejected: a CPU limit above the request lets a pod burst into idle CPU, and CPU is throttled, never killed' },
  'container-memory-requests-equal-limits': {
    notCovered: 'opinion rejected as a rule for everyone: the production profile sets memory limits close to requests, but a limit above the request is a sizing choice, not a defect',
  },
  'container-image-tag': { rules: ['image-tag-latest'] },
  'container-image-pull-policy': {
    notCovered:
      'not a property of one manifest: whether pull Secrets are rechecked is the cluster\'s AlwaysPullImages admission; the risk kube-score names (a re-pushed tag) is image-not-pinned\'s, and slipway\'s production profile writes Always itself',
  },
  'container-ephemeral-storage-request-and-limit': { rules: ['ephemeral-storage-missing'] },
  'container-ephemeral-storage-request-equals-limit': { notCovered: 'opinion rejected: an ephemeral-storage limit above the request is how scratch space bursts; the missing limit is what evicts neighbours' },
  'container-ports-check': { notCovered: `port names longer than 15 characters or duplicated: ${API_REFUSES}` },
  'environment-variable-key-duplication': { rules: ['duplicate-env-var'] },
  'statefulset-has-poddisruptionbudget': {
    rules: ['missing-pdb'],
    except: [{ label: 'one replica', when: oneReplica, reason: 'a single-replica StatefulSet (a single primary) has no second pod a budget could keep available; missing-pdb asks for one from 2 replicas' }],
  },
  'deployment-has-poddisruptionbudget': {
    rules: ['missing-pdb'],
    except: [{ label: 'one replica', when: oneReplica, reason: 'for a Deployment with one replica single-replica is the finding; a budget over one pod only blocks drains' }],
  },
  'poddisruptionbudget-has-policy': { rules: ['pdb-without-policy'] },
  'pod-networkpolicy': { rules: ['network-policy-missing'] },
  'networkpolicy-targets-pod': {
    rules: ['network-policy-selects-nothing'],
    except: [
      {
        label: 'pods an operator makes',
        when: (o, ix) => operatorPodsSelected(ix, ix.namespaceOf(o), (o as unknown as { spec: { podSelector: LabelSelector } }).spec.podSelector),
        reason:
          "the policy selects the pods an operator will create from a custom resource in the input (CloudNativePG's spec.inheritedMetadata.labels); kube-score sees only pod templates. network-policy-selects-nothing counts those pods and still flags a selector that matches neither",
      },
    ],
  },
  'pod-probes': { rules: ['readiness-probe-missing', 'liveness-probe-missing', 'probes-identical'], note: 'liveness-probe-missing is off by default: a wrong liveness probe restarts healthy pods' },
  'pod-probes-identical': {
    rules: ['probes-identical'],
    except: [
      {
        label: 'same endpoint, liveness waits longer',
        when: livenessWaitsLonger,
        reason:
          'an app with one health endpoint can only probe that; with liveness allowed more failures (or a longer period) than readiness, a slow dependency takes the pod out of its Service first and restarts it only if it stays broken. probes-identical flags probes equal in handler and timing, which restart at the moment they unready',
      },
    ],
  },
  'container-security-context-user-group-id': {
    rules: ['run-as-root'],
    except: [
      {
        label: 'low user ID',
        summary: /^The container is running with a low user ID$/,
        reason:
          "a non-root UID or GID below 10000 is usually the image's own user (postgres 999, nginx-unprivileged 101, node 1000), which owns its data paths; run-as-root flags only root",
      },
      { label: 'low group ID', summary: /^The container running with a low group ID$/, reason: "as above, for the group: the image's own group owns its files" },
    ],
  },
  'container-security-context-privileged': { rules: ['privileged-container'] },
  'container-security-context-readonlyrootfilesystem': { rules: ['writable-root-filesystem'] },
  'container-seccomp-profile': { rules: ['seccomp-profile-missing'] },
  'service-targets-pod': { rules: ['service-selects-nothing'] },
  'service-type': { rules: ['service-node-port'] },
  'stable-version': { rules: ['deprecated-api'] },
  'deployment-has-host-podantiaffinity': { rules: ['no-anti-affinity'], except: ANTI_AFFINITY },
  'statefulset-has-host-podantiaffinity': { rules: ['no-anti-affinity'], except: ANTI_AFFINITY },
  'deployment-targeted-by-hpa-does-not-have-replicas-configured': { rules: ['hpa-with-replicas'] },
  'statefulset-has-servicename': { rules: ['statefulset-service-missing'] },
  'deployment-pod-selector-labels-match-template-metadata-labels': { rules: ['selector-mismatch'] },
  'statefulset-pod-selector-labels-match-template-metadata-labels': { rules: ['selector-mismatch'] },
  'label-values': { notCovered: `an invalid label value: ${API_REFUSES}` },
  'horizontalpodautoscaler-has-target': { rules: ['hpa-target-missing'] },
  'horizontalpodautoscaler-replicas': { rules: ['single-replica'], atScaleTarget: true, note: 'slipway flags the workload the autoscaler keeps at one pod' },
  'deployment-replicas': {
    rules: ['single-replica'],
    except: [
      {
        label: 'one copy on purpose, said on the object',
        when: (o) => Boolean(annotationIgnore(o, 'single-replica').ignored),
        reason: "the object carries single-replica's ignore annotation with its reason: Kafka's exporter reads the whole cluster, and a second copy would report every series twice",
      },
    ],
  },
  'deployment-strategy': { rules: ['recreate-strategy'] },
  'ingress-targets-service': { rules: ['ingress-backend-missing'] },
  'cronjob-has-deadline': { rules: ['cronjob-no-deadline'] },
  'cronjob-restartpolicy': { notCovered: `a CronJob whose pods restart Always: ${API_REFUSES}` },
  'pod-topology-spread-constraints': { notCovered: `a topology spread constraint without maxSkew, topologyKey or whenUnsatisfiable: ${API_REFUSES}` },
};
