/**
 * What a rollback may apply, whatever a revision says: objects in the stack's own namespace, of kinds slipway
 * knows (the kinds table) or the stack renders today, carrying this stack's ownership labels. A second line of
 * defence behind the revision signature (lifecycle/revision-codec.ts).
 */
import { kindInfo } from '../k8s/kinds/index.js';
import { refKey, selects, type K8sObject } from '../k8s/object.js';
import { ownerLabels, type Owner } from '../model/ownership.js';
import { stackNamespaces } from './namespace.js';

/** One line per object that falls outside the stack; empty when the set is safe to apply. */
export function rollbackProblems(objects: readonly K8sObject[], owner: Owner, rendered: readonly K8sObject[]): string[] {
  const rendersKind = new Set(rendered.map((o) => `${o.apiVersion}/${o.kind}`));
  const labels = ownerLabels(owner);
  // The stack's own namespace and the ones today's render gives it (a log agent's): a record cannot add another.
  const allowed = new Set(stackNamespaces(rendered, owner));
  const problems: string[] = [];
  for (const o of objects) {
    const name = refKey(o);
    if (o.kind === 'Namespace') {
      if (!allowed.has(o.metadata.name)) problems.push(`${name}: not a namespace of the stack (${[...allowed].join(', ')})`);
      continue;
    }
    if (!allowed.has(o.metadata.namespace ?? '')) problems.push(`${name}: outside the namespace ${owner.namespace}`);
    else if (!kindInfo(o.kind, o.apiVersion) && !rendersKind.has(`${o.apiVersion}/${o.kind}`)) problems.push(`${name}: kind ${o.apiVersion}/${o.kind} is neither slipway's nor rendered by the stack`);
    else if (!selects(labels, o)) problems.push(`${name}: lacks the ownership labels of ${owner.stack}/${owner.environment}`);
  }
  return problems;
}
