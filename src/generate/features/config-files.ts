/** A service's `files:` as one ConfigMap, mounted file by file by the pod template. */
import { configMap } from '../objects.js';
import { filesConfigMapName } from '../pod/template.js';
import { serviceFeature } from './feature.js';

export const configFiles = serviceFeature({
  name: 'config-files',
  key: 'files',
  applies: (c) => c.service.files.length > 0,
  objects: (c, ctx) => [configMap({ name: filesConfigMapName(c.service), namespace: ctx.namespace, labels: c.labels }, Object.fromEntries(c.service.files.map((f) => [f.key, f.content])))],
});
