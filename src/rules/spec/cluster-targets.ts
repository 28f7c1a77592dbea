/**
 * A multi-cluster environment, checked on the stack as written (merged stacks no longer carry `environments`):
 * each cluster is its own target with its own lock and history, found through its kube context, so two clusters
 * of one environment on the same context would deploy over each other.
 */
import type { Issue } from '../../diagnostics/issue.js';
import type { StackSpec } from '../../model/stack.js';
import { DNS_LABEL } from '../k8s-syntax.js';

export function clusterTargetIssues(stack: StackSpec): Issue[] {
  const issues: Issue[] = [];
  for (const [env, spec] of Object.entries(stack.environments ?? {})) {
    const clusters = Object.entries(spec.clusters ?? {});
    if (!spec.clusters) continue;
    if (!clusters.length) issues.push({ code: 'no-clusters', message: `environment "${env}" has an empty clusters map`, hint: 'name at least one cluster with its context, or remove clusters:', path: ['environments', env, 'clusters'] });
    if (spec.context !== undefined && clusters.length) {
      issues.push({
        code: 'context-with-clusters',
        message: `environment "${env}" names a context and clusters; each cluster names its own context`,
        hint: 'move the context into one of the clusters (or remove clusters: to deploy to one cluster)',
        path: ['environments', env, 'context'],
        atKey: true,
      });
    }
    const byContext = new Map<string, string>();
    for (const [name, cluster] of clusters) {
      if (!DNS_LABEL.test(name) || name.length > 30) {
        issues.push({ code: 'invalid-name', message: `cluster name "${name}" is not a valid name (lowercase letters, digits and '-', starting with a letter, at most 30 characters)`, hint: 'e.g. eu-west or us-east-1', path: ['environments', env, 'clusters', name], atKey: true });
      }
      const first = byContext.get(cluster.context);
      if (first !== undefined) {
        issues.push({
          code: 'duplicate-cluster-context',
          message: `clusters "${first}" and "${name}" of environment "${env}" both use context "${cluster.context}": they would deploy over each other and share one lock`,
          hint: 'give each cluster its own kube context',
          path: ['environments', env, 'clusters', name, 'context'],
        });
      } else byContext.set(cluster.context, name);
    }
  }
  return issues;
}
