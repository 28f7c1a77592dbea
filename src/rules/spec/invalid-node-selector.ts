/** nodeSelector entries are labels of nodes: the API server validates them as labels. */
import type { SpecRule } from '../rule.js';
import { labelMapIssues } from './invalid-label.js';
import { placements } from './stack-fields.js';

export const invalidNodeSelector: SpecRule = {
  meta: {
    id: 'invalid-node-selector',
    description: 'Keys of nodeSelector are qualified names and values valid label values',
    remediation: 'use the node label exactly as `kubectl get nodes --show-labels` shows it',
    severity: 'error',
  },
  subject: 'spec',
  check(stack) {
    return placements(stack).flatMap(({ path, placement }) =>
      labelMapIssues(placement.nodeSelector ?? {}, [...path, 'nodeSelector'], 'invalid-node-selector', 'nodeSelector', 'write the value exactly as the node label has it (`kubectl get nodes --show-labels`)'),
    );
  },
};
