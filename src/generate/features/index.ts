/** The features every component is offered, in order. A new one (a PodDisruptionBudget, say) is one line here. */
import { configFiles } from './config-files.js';
import { defaultDeny } from './default-deny.js';
import type { Feature } from './feature.js';
import { hpa } from './hpa.js';
import { ingress } from './ingress.js';
import { monitoring } from './monitoring.js';
import { networkPolicy } from './network-policy.js';
import { pdb } from './pdb.js';
import { service } from './service.js';
import { serviceAccount } from './service-account.js';
import type { StackFeature } from './stack-feature.js';
import { volumes } from './volumes.js';
import { waitRbac } from './wait-rbac.js';

export type { Feature } from './feature.js';
export type { StackFeature } from './stack-feature.js';

export const FEATURES: readonly Feature[] = [serviceAccount, configFiles, waitRbac, service, ingress, pdb, hpa, volumes, networkPolicy];

/** Objects made once per namespace, before any component's. */
export const STACK_FEATURES: readonly StackFeature[] = [defaultDeny, monitoring];
