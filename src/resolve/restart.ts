/**
 * `restartWith:` and `protect:` — what `slipway restart` needs to know about a component. Names are resolved
 * here, where the stamped copies are known: a follower stamped per tenant or shard means the copy of the same
 * tenant and shard when the restarted component has one, else every copy.
 */
import { suggest } from '../diagnostics/did-you-mean.js';
import type { ModelPath } from '../load/source.js';
import type { ResolveContext } from './context.js';
import { peerOf, type Instance } from './stamp.js';

export interface RestartFields {
  restartWith?: string[];
  protect?: true;
}

/** `self` is the component's resolved name; `inst` its stamped instance, for services. */
export function restartFields(ctx: ResolveContext, spec: { restartWith?: string[]; protect?: boolean }, self: string, path: ModelPath, inst?: Instance): RestartFields {
  const followers: string[] = [];
  for (const [i, name] of (spec.restartWith ?? []).entries()) {
    const at = [...path, 'restartWith', i];
    const copies = ctx.byBase.get(name);
    if (ctx.infra.has(name)) followers.push(name);
    else if (copies?.length) {
      const peer = inst ? peerOf(inst, copies) : undefined;
      followers.push(...(peer ? [peer.name] : copies.map((c) => c.name)));
    } else if (!ctx.disabled.has(name)) {
      // A follower disabled in this environment has nothing to restart here; only a name that is nowhere is wrong.
      const known = [...ctx.infra.keys(), ...ctx.byBase.keys()].filter((n) => n !== (inst?.base ?? self));
      ctx.issues.push({ code: 'restart-with-unknown', message: `restartWith names "${name}", which is neither a service nor infra`, hint: suggest(name, known, 'known names') || 'name a service or infra of this stack', path: at });
    }
    if (followers.includes(self)) {
      ctx.issues.push({ code: 'restart-with-self', message: `"${inst?.base ?? self}" names itself in restartWith`, hint: 'remove it: the component itself is always restarted first', path: at });
      followers.splice(followers.indexOf(self), 1);
    }
  }
  const unique = [...new Set(followers)].sort();
  return { ...(unique.length ? { restartWith: unique } : {}), ...(spec.protect ? { protect: true as const } : {}) };
}
