/**
 * The HTTP transport under ClusterClient. @kubernetes/client-node's default transport has no deadline, so an API
 * server that accepts connections but never answers (frozen, overloaded, a black-holed load balancer) would hang
 * every command forever. Here each request has one deadline covering connect, TLS, headers and the whole body.
 * Log streams do not come through here (they use the client's Log API, and are ended by the caller).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions } from 'node:https';
import { ResponseContext, wrapHttpLibrary, type HttpLibrary, type RequestContext } from '@kubernetes/client-node';
import { sleep } from '../util/concurrency.js';
import { ClusterError } from './errors.js';

/** Default deadline of one API request. @default 30 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

export function timedHttp(timeoutSeconds: number): HttpLibrary {
  return wrapHttpLibrary({ send: (req) => retryTooManyRequests(req.getHttpMethod().toString(), () => send(req, timeoutSeconds)) });
}

/** How many times a read answered 429 is sent in all. */
export const READ_ATTEMPTS = 5;
/** The longest pause a server's Retry-After gets before the next attempt, in seconds. */
export const MAX_RETRY_AFTER_SECONDS = 10;

/**
 * Reads the API server asks to repeat: 429 "too many requests", which it also answers while a resource's storage is
 * (re)initializing, e.g. just after a CRD was installed. client-go retries these itself; so does slipway, for every
 * GET (objects, lists and discovery alike) a few times, pausing as the server's Retry-After says (capped) or else
 * longer each time. A write is never repeated behind the caller's back. The last answer is returned as it is, so a
 * 429 that persists fails with the server's message.
 */
export async function retryTooManyRequests(method: string, attempt: () => Promise<ResponseContext>, pause: (ms: number) => Promise<void> = sleep): Promise<ResponseContext> {
  for (let n = 1; ; n++) {
    const res = await attempt();
    if (res.httpStatusCode !== 429 || method !== 'GET' || n >= READ_ATTEMPTS) return res;
    await pause(retryPauseMs(n, res.headers['retry-after']));
  }
}

function retryPauseMs(attempt: number, retryAfter: string | undefined): number {
  const seconds = retryAfter === undefined || retryAfter.trim() === '' ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  return 250 * 2 ** (attempt - 1);
}

function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * The client library hands every request a new https.Agent built from the kubeconfig's credentials, so each API
 * call paid a TCP connect, a TLS handshake and a new secure context (most of a no-op `up`'s time). One keep-alive
 * agent per set of credentials reuses connections; idle sockets are unref'd, so they never hold the process open.
 * Only a plain https.Agent is shared: a kubeconfig's proxy-url gives a proxy agent (hpagent's subclasses https.Agent),
 * and rebuilding it from its options would drop the proxy and connect directly.
 */
const agents = new Map<string, HttpsAgent>();

export function sharedAgent(agent: unknown): unknown {
  if (!(agent instanceof HttpsAgent) || Object.getPrototypeOf(agent) !== HttpsAgent.prototype) return agent;
  const o = (agent as HttpsAgent & { options: AgentOptions }).options;
  const key = JSON.stringify([o.ca, o.cert, o.key, o.pfx, o.passphrase, o.rejectUnauthorized, o.servername].map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
  let shared = agents.get(key);
  if (!shared) {
    shared = new HttpsAgent({ ...o, keepAlive: true });
    agents.set(key, shared);
  }
  return shared;
}

/**
 * How many times a request that met a closed keep-alive connection is sent in all. The API server closes idle
 * connections on its own schedule; a request written to one just as it closes fails with ECONNRESET ("socket hang
 * up") before the server has read it (Node's docs give this retry for `request.reusedSocket`). A first `up` of
 * 1,000 services, whose pool sits idle while it waits, met it. Only on a reused socket, and never for a POST: a
 * create that did reach the server must not be sent twice.
 */
const STALE_SOCKET_ATTEMPTS = 3;

async function send(req: RequestContext, timeoutSeconds: number): Promise<ResponseContext> {
  for (let n = 1; ; n++) {
    try {
      return await sendOnce(req, timeoutSeconds);
    } catch (e) {
      const stale = e instanceof StaleSocket;
      if (!stale || req.getHttpMethod().toString() === 'POST' || n >= STALE_SOCKET_ATTEMPTS) throw stale ? e.cause : e;
    }
  }
}

/** A connection reset on a kept-alive socket the server had already closed. */
class StaleSocket extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

function sendOnce(req: RequestContext, timeoutSeconds: number): Promise<ResponseContext> {
  const url = new URL(req.getUrl());
  const method = req.getHttpMethod().toString();
  const raw = req.getBody();
  // The object API only sends JSON/YAML text; anything else would be a new use that needs its own encoding.
  if (raw !== undefined && typeof raw !== 'string' && !(raw instanceof URLSearchParams)) return Promise.reject(new ClusterError(`cannot send a ${raw.constructor.name} body`, 0));
  const body = raw === undefined ? undefined : String(raw);
  const headers = { ...req.getHeaders(), ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) };
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, agent: sharedAgent(req.getAgent()) as HttpsAgent | undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => settle(() => reject(e)));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        settle(() => resolve(new ResponseContext(res.statusCode ?? 0, flatHeaders(res.headers), { text: async () => data.toString('utf8'), binary: async () => data })));
      });
    });
    const timer = setTimeout(() => {
      const err = new ClusterError(`the API server at ${url.origin} did not answer within ${timeoutSeconds}s (${method} ${url.pathname})`, 0);
      settle(() => reject(err));
      request.destroy(err);
    }, timeoutSeconds * 1000);
    request.on('error', (e: NodeJS.ErrnoException) => settle(() => reject(request.reusedSocket && e.code === 'ECONNRESET' ? new StaleSocket(e) : e)));
    request.end(body);
  });
}
