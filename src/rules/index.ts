/** Every named rule, in the order their findings are collected and documented. */
import type { Rule } from './rule.js';
import { API_RULES } from './spec/api-acceptance.js';
import { autoscaleBounds } from './spec/autoscale-bounds.js';
import { autoscaleNotAllowed } from './spec/autoscale-not-allowed.js';
import { cronNeedsSchedule } from './spec/cron-needs-schedule.js';
import { databaseIsAdmin } from './spec/database-is-admin.js';
import { imageVariant } from './spec/image-variant.js';
import { replicasQuorum } from './spec/replicas-quorum.js';
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

export const RULES: readonly Rule[] = [
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

export { environmentNameIssues } from './spec/invalid-name.js';
export { runRule, type Rule, type RuleMeta, type SpecContext, type SpecRule } from './rule.js';
