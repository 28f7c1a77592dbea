/** `--format plain`: one folder per environment, one file per object in apply order (what `render --out` writes). */
import { objectFileName } from '../write-dir.js';
import { toYaml } from '../yaml.js';
import type { Emitter } from './contract.js';

export const plain: Emitter = {
  format: 'plain',
  description: 'one folder per environment, one file per object in apply order',
  emit({ renders }) {
    const files = new Map<string, { text: string; secret?: boolean }>();
    for (const r of renders) {
      const width = String(r.objects.length).length;
      r.objects.forEach((o, i) => files.set(`${r.environment}/${objectFileName(o, i, width)}.yaml`, { text: toYaml([o]), secret: o.kind === 'Secret' }));
    }
    return files;
  },
};
