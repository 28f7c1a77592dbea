/**
 * Defaults of infra fields that both resolve (which applies them) and the spec rules (which check the
 * result before resolving) must agree on.
 */
import type { InfraSpec, Profile } from './stack.js';

/** The admin user: the stack name, made a valid SQL identifier. */
export function infraUser(spec: InfraSpec, stack: string): string {
  return spec.user ?? spec.external?.user ?? stack.replace(/-/g, '_');
}

/** The main database: named like the admin user. */
export function infraDatabase(spec: InfraSpec, stack: string): string {
  return spec.database ?? spec.external?.database ?? stack.replace(/-/g, '_');
}

/** Replicas when the stack does not say: one, or the entry's production count under the production profile. */
export function infraReplicas(spec: InfraSpec, profile: Profile, productionReplicas: number | undefined): number {
  return spec.replicas ?? (profile === 'production' ? (productionReplicas ?? 1) : 1);
}
