/**
 * Who may talk to the ui server: only a page this run served. The server listens on loopback, but any web page
 * open in the user's browser can send requests to loopback, and a DNS-rebinding page can even read the answers
 * under its own host name. So every request needs the per-run token printed on start, a Host header naming the
 * loopback address itself, and — when the browser sends one — an Origin of that same address. Pure.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: unguessable, and fine in a query string. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface RequestFacts {
  /** The request target, e.g. "/api/live?token=…". */
  url: string;
  host?: string;
  origin?: string;
  /** The `x-slipway-token` header, for fetches that do not put the token in the URL. */
  tokenHeader?: string;
}

/** The hosts a loopback server on `port` is reached by; anything else is another name pointing here. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** undefined when the request may go on, else why it is refused (sent with a 403). */
export function refusal(req: RequestFacts, token: string, port: number): string | undefined {
  const hosts = allowedHosts(port);
  if (!req.host || !hosts.has(req.host.toLowerCase())) return 'unexpected Host header';
  const origin = req.origin?.toLowerCase();
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))) return 'unexpected Origin header';
  const query = new URL(req.url, 'http://x').searchParams.get('token') ?? undefined;
  if (!sameToken(req.tokenHeader ?? query, token)) return 'missing or wrong token (use the URL slipway ui printed)';
  return undefined;
}
