import type { ObjectRule } from '../rule.js';

export const hpaTargetMissing: ObjectRule = {
  meta: {
    id: 'hpa-target-missing',
    description: 'A HorizontalPodAutoscaler scales an object that is not in the input: it scales nothing',
    remediation: 'fix spec.scaleTargetRef (kind and name of the Deployment or StatefulSet), or delete the autoscaler',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.ofKind('HorizontalPodAutoscaler').flatMap((h) => {
      const ref = (h as { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }).spec?.scaleTargetRef;
      if (ref?.kind && ref.name && ix.get(ref.kind, ix.namespaceOf(h), ref.name)) return [];
      return [{ object: h, message: `scaleTargetRef ${ref?.kind ?? '?'}/${ref?.name ?? '?'} names no object in the input`, field: 'spec.scaleTargetRef', stackKey: ['autoscale'] }];
    }),
};
