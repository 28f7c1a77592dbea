/**
 * Env values and vars reach a container as text, so they keep the text written in the file: the fast parser
 * reads `1.10`, `0x1F`, `012345` or a 21-digit id as numbers, and turning those back into strings gives
 * `1.1`, `31`, `12345` or `123456789012345680000`. Only these maps are affected; replicas and ports stay
 * numbers. The position-keeping document is built only when such a value exists, so most stacks never pay.
 */
import type { ModelPath, StackSource } from './source.js';

type Data = Record<string, unknown>;

const isMap = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The maps whose values become env var text: vars and services.*.env, in the base and in each overlay. */
function textMaps(data: Data): { path: ModelPath; map: Data }[] {
  const out: { path: ModelPath; map: Data }[] = [];
  const scope = (root: Data, prefix: ModelPath) => {
    if (isMap(root.vars)) out.push({ path: [...prefix, 'vars'], map: root.vars });
    if (!isMap(root.services)) return;
    for (const [name, svc] of Object.entries(root.services)) {
      if (isMap(svc) && isMap(svc.env)) out.push({ path: [...prefix, 'services', name, 'env'], map: svc.env });
    }
  };
  scope(data, []);
  if (isMap(data.environments)) for (const [env, overlay] of Object.entries(data.environments)) if (isMap(overlay)) scope(overlay, ['environments', env]);
  return out;
}

/** Replace numbers and booleans in env maps and vars by their text as written. Mutates `data`. */
export function keepWrittenText(data: unknown, source: StackSource): void {
  if (!isMap(data)) return;
  for (const { path, map } of textMaps(data)) {
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'number' && typeof value !== 'boolean') continue;
      map[key] = source.writtenText([...path, key]) ?? String(value);
    }
  }
}
