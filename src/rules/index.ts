/** The rule registry: every named rule, by subject, in the order findings are collected and documented. */
import type { ObjectRule, ResolvedRule, Rule, SpecRule } from './rule.js';
import { API_RULES } from './spec/api-acceptance.js';
import { autoscaleBounds } from './spec/autoscale-bounds.js';
import { autoscaleNotAllowed } from './spec/autoscale-not-allowed.js';
import { cronNeedsSchedule } from './spec/cron-needs-schedule.js';
import { databaseIsAdmin } from './spec/database-is-admin.js';
import { imageVariant } from './spec/image-variant.js';
import { replicasQuorum } from './spec/replicas-quorum.js';
import { replicasNeedCoordinator } from './spec/replicas-need-coordinator.js';
import { reservedName } from './spec/reserved-name.js';
import { sqlNameLength } from './spec/sql-name-length.js';
import { disruptionBlocksEviction } from './spec/disruption-blocks-eviction.js';
import { allowPeer } from './spec/allow-peer.js';
import { invalidCidr } from './spec/invalid-cidr.js';
import { duplicateName } from './spec/duplicate-name.js';
import { duplicateShard } from './spec/duplicate-shard.js';
import { duplicateTenant } from './spec/duplicate-tenant.js';
import { externalNeedsHost } from './spec/external-needs-host.js';
import { externalNeedsSecret } from './spec/external-needs-secret.js';
import { ingressClash } from './spec/ingress-clash.js';
import { ingressNeedsPort } from './spec/ingress-needs-port.js';
import { invalidEnvName } from './spec/invalid-env-name.js';
import { invalidName } from './spec/invalid-name.js';
import { invalidPortName } from './spec/invalid-port-name.js';
import { nameTooLong } from './spec/name-too-long.js';
import { noOwnDatabase } from './spec/no-own-database.js';
import { nodePorts } from './spec/node-ports.js';
import { noTenants } from './spec/no-tenants.js';
import { portClash } from './spec/port-clash.js';
import { portsNotAllowed } from './spec/ports-not-allowed.js';
import { prestopExceedsGrace } from './spec/prestop-exceeds-grace.js';
import { probeAction } from './spec/probe-action.js';
import { replicasNotAllowed } from './spec/replicas-not-allowed.js';
import { replicasUnsupported } from './spec/replicas-unsupported.js';
import { replicasWithAutoscale } from './spec/replicas-with-autoscale.js';
import { scheduleNotCron } from './spec/schedule-not-cron.js';
import { secretShape } from './spec/secret-shape.js';
import { sharedVolumeMismatch } from './spec/shared-volume-mismatch.js';
import { volumeAccessMode } from './spec/volume-access-mode.js';
import { volumePathClash } from './spec/volume-path-clash.js';
import { externalWithoutTls } from './resolved/external-without-tls.js';
import { useWithoutWait } from './resolved/use-without-wait.js';
import { capabilitiesNotDropped } from './object/capabilities-not-dropped.js';
import { cpuLimitMissing } from './object/cpu-limit-missing.js';
import { cronjobNoDeadline } from './object/cronjob-no-deadline.js';
import { dangerousCapabilities } from './object/dangerous-capabilities.js';
import { danglingConfigMap } from './object/dangling-config-map.js';
import { danglingSecret } from './object/dangling-secret.js';
import { deprecatedApi } from './object/deprecated-api.js';
import { duplicateEnvVar } from './object/duplicate-env-var.js';
import { hostIPC } from './object/host-ipc.js';
import { hostNetwork } from './object/host-network.js';
import { hostPathVolume } from './object/host-path-volume.js';
import { hostPID } from './object/host-pid.js';
import { hostPort } from './object/host-port.js';
import { hpaTargetMissing } from './object/hpa-target-missing.js';
import { hpaWithReplicas } from './object/hpa-with-replicas.js';
import { imageNotPinned } from './object/image-not-pinned.js';
import { imageTagLatest } from './object/image-tag-latest.js';
import { ingressBackendMissing } from './object/ingress-backend-missing.js';
import { livenessProbeMissing } from './object/liveness-probe-missing.js';
import { memoryLimitMissing } from './object/memory-limit-missing.js';
import { ephemeralStorageMissing } from './object/ephemeral-storage-missing.js';
import { statefulsetServiceMissing } from './object/statefulset-service-missing.js';
import { recreateStrategy } from './object/recreate-strategy.js';
import { pdbWithoutPolicy } from './object/pdb-without-policy.js';
import { missingPdb } from './object/missing-pdb.js';
import { networkPolicyMissing } from './object/network-policy-missing.js';
import { networkPolicySelectsNothing } from './object/network-policy-selects-nothing.js';
import { noAntiAffinity } from './object/no-anti-affinity.js';
import { pdbBlocksEviction } from './object/pdb-blocks-eviction.js';
import { pdbSelectsNothing } from './object/pdb-selects-nothing.js';
import { privilegeEscalation } from './object/privilege-escalation.js';
import { privilegedContainer } from './object/privileged-container.js';
import { probesIdentical } from './object/probes-identical.js';
import { readinessProbeMissing } from './object/readiness-probe-missing.js';
import { requestsMissing } from './object/requests-missing.js';
import { runAsRoot } from './object/run-as-root.js';
import { nakedPod } from './object/naked-pod.js';
import { seccompProfileMissing } from './object/seccomp-profile-missing.js';
import { ingressWithoutTls } from './object/ingress-without-tls.js';
import { serviceNodePort } from './object/service-node-port.js';
import { secretInEnv } from './object/secret-in-env.js';
import { selectorMismatch } from './object/selector-mismatch.js';
import { serviceAccountToken } from './object/service-account-token.js';
import { serviceSelectsNothing } from './object/service-selects-nothing.js';
import { serviceTargetPort } from './object/service-target-port.js';
import { singleReplica } from './object/single-replica.js';
import { writableRootFilesystem } from './object/writable-root-filesystem.js';

/** Checks on each environment's stack as written: `validate` runs them, and refuses a stack with an error. */
export const SPEC_RULES: readonly SpecRule[] = [
  // Names and uniqueness: what Kubernetes object names need.
  invalidName,
  nameTooLong,
  invalidPortName,
  invalidEnvName,
  duplicateName,
  duplicateTenant,
  duplicateShard,
  portClash,
  ingressClash,
  // Fields that only make sense together for a kind of service.
  noTenants,
  cronNeedsSchedule,
  scheduleNotCron,
  portsNotAllowed,
  replicasNotAllowed,
  ingressNeedsPort,
  probeAction,
  prestopExceedsGrace,
  nodePorts,
  disruptionBlocksEviction,
  allowPeer,
  invalidCidr,
  autoscaleNotAllowed,
  autoscaleBounds,
  replicasWithAutoscale,
  volumeAccessMode,
  sharedVolumeMismatch,
  volumePathClash,
  // Infra: what the catalog entry supports.
  externalNeedsHost,
  externalNeedsSecret,
  replicasUnsupported,
  replicasQuorum,
  replicasNeedCoordinator,
  imageVariant,
  noOwnDatabase,
  databaseIsAdmin,
  reservedName,
  sqlNameLength,
  // Secrets: what a generated key can be.
  secretShape,
  // What the API server would refuse (or a pull would): validate accepts only what the cluster accepts.
  ...API_RULES,
];

/** Checks on each environment's resolved stack: what only the whole model shows. `lint` runs them. */
export const RESOLVED_RULES: readonly ResolvedRule[] = [useWithoutWait, externalWithoutTls];

/**
 * Checks on Kubernetes objects (rendered from a stack, or any manifests): the production checks platform teams
 * know from kube-score, kube-linter and Polaris. `lint` runs them; findings on a stack point at its lines.
 */
export const OBJECT_RULES: readonly ObjectRule[] = [
  // Security context: what a container may do to its node.
  runAsRoot,
  privilegedContainer,
  privilegeEscalation,
  writableRootFilesystem,
  capabilitiesNotDropped,
  dangerousCapabilities,
  hostNetwork,
  hostPID,
  hostIPC,
  hostPathVolume,
  hostPort,
  serviceAccountToken,
  seccompProfileMissing,
  // Probes and resources.
  readinessProbeMissing,
  livenessProbeMissing,
  probesIdentical,
  requestsMissing,
  memoryLimitMissing,
  cpuLimitMissing,
  ephemeralStorageMissing,
  // Images.
  imageTagLatest,
  imageNotPinned,
  // Availability: replicas, budgets, autoscalers.
  singleReplica,
  missingPdb,
  noAntiAffinity,
  pdbBlocksEviction,
  pdbSelectsNothing,
  pdbWithoutPolicy,
  recreateStrategy,
  hpaTargetMissing,
  hpaWithReplicas,
  // Traffic: Services, Ingresses, NetworkPolicies.
  serviceSelectsNothing,
  serviceTargetPort,
  ingressBackendMissing,
  ingressWithoutTls,
  serviceNodePort,
  statefulsetServiceMissing,
  networkPolicyMissing,
  networkPolicySelectsNothing,
  // API and configuration.
  selectorMismatch,
  deprecatedApi,
  secretInEnv,
  duplicateEnvVar,
  danglingConfigMap,
  danglingSecret,
  cronjobNoDeadline,
  nakedPod,
];

/** Every named rule, in the order their findings are collected and documented. */
export const RULES: readonly Rule[] = [...SPEC_RULES, ...RESOLVED_RULES, ...OBJECT_RULES];

export { environmentNameIssues } from './spec/invalid-name.js';
export { runRule, type ObjectFinding, type ObjectRule, type ResolvedRule, type Rule, type RuleMeta, type SpecContext, type SpecRule } from './rule.js';
export { clusterTargetIssues } from './spec/cluster-targets.js';
