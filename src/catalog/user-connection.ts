/** Connection data of a server reached as one user with a password: what most entries hand their users. */
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import { passwordRef } from './common.js';

type Endpoint = { readonly host: string; readonly port: number; readonly tls: boolean };

/**
 * The user is `external.user` for an outside server (else the stack's user) and `internalUser` for slipway's own;
 * `url` is built from it, with `{password}` where the password goes.
 */
export function userConnection(infra: ResolvedInfra, e: Endpoint, url: (user: string) => string, internalUser = infra.user): Connection {
  const user = infra.mode === 'external' ? (infra.external?.user ?? infra.user) : internalUser;
  return { host: e.host, port: e.port, tls: e.tls, user, password: passwordRef(infra), values: { host: e.host, port: String(e.port), user }, url: url(user) };
}
