/**
 * The monitoring user an exporter logs in as, where the server can grant read-only monitoring rights (PostgreSQL,
 * MySQL): one name, a generated password in a Secret of its own, made by the entry's provisioning Job.
 */
import type { ResolvedInfra } from '../model/resolved.js';
import { generatedLabels } from '../model/ownership.js';
import type { CatalogContext, GeneratedSecret } from './contract.js';
import { infraLabels } from './common.js';

/** The monitoring user; the entries reserve it, so no own database or user can take the name. */
export const METRICS_USER = 'slipway_metrics';
/** Env var that carries its password into the provisioning Job. */
export const METRICS_PASSWORD_ENV = 'METRICS_PASSWORD';

/** Not named like a credentials Secret (`<name>-<database>-credentials`), so no own database's Secret can take it. */
export function metricsSecretName(infra: ResolvedInfra): string {
  return `${infra.name}-exporter`;
}

export function metricsSecret(infra: ResolvedInfra, ctx: CatalogContext): GeneratedSecret {
  return { name: metricsSecretName(infra), namespace: ctx.namespace, labels: { ...infraLabels(infra, ctx), ...generatedLabels(ctx) }, keys: ['password'], fixed: { user: METRICS_USER } };
}

export const metricsPasswordRef = (infra: ResolvedInfra) => ({ name: metricsSecretName(infra), key: 'password' });
