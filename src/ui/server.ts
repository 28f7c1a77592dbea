/**
 * The `slipway ui` server: node:http on 127.0.0.1 only. Every request passes guard.ts (token, Host, Origin); the
 * page's data comes from the same library commands as the CLI's (graph, diff, history, logs, up, rollback) and
 * the live state from the API server's watch, streamed to the page as server-sent events.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { userError } from '../diagnostics/errors.js';
import { componentOf, refKey } from '../k8s/object.js';
import { refusal } from './guard.js';
import { startLive } from './live.js';
import { asset, ASSETS, shell } from './page.js';
import type { DiffView, GraphView, LiveMessage } from './protocol.js';
import { runs, type RunRequest } from './runs.js';
import { clientOf, rendered, stackInfo, startingPoint, targetOf, type Selected, type Targeted, type UiOptions } from './selection.js';
import { eventStream, type EventStream } from './sse.js';
import { componentDetails } from './details.js';
import { pageFailure } from './failure.js';

/** Kept out of every answer: the token is in URLs, and no page elsewhere may frame or read this one. */
const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export interface UiServer {
  /** The page's address with the token, as printed on start. */
  url: string;
  port: number;
  token: string;
  /** Close every stream and watch, stop a running `up`/`rollback` at its next safe point, stop listening. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  // JSON only: a cross-site form cannot send it without a preflight the browser would have to ask us for.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send application/json');
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new HttpError(413, 'request too large');
  }
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

async function failureText(e: unknown): Promise<{ status: number; error: string }> {
  if (e instanceof HttpError) return { status: e.status, error: e.message };
  const { status, text } = await pageFailure(e);
  return { status, error: text };
}

export async function startUi(asked: UiOptions & { port?: number; token: string }): Promise<UiServer> {
  // A library caller may leave the environment out; the CLI has decided it already (startingPoint, with diagnostics).
  const opts = asked.environment === undefined ? { ...asked, ...startingPoint(asked).opts } : asked;
  const runner = runs();
  const streams = new Set<EventStream>();
  const sockets = new Set<Socket>();
  let port = opts.port ?? 0;

  /** What a request asks about: `env` and `cluster`, the server's starting point filling what the page leaves out. */
  const selection = (q: URLSearchParams): Targeted => targetOf(opts, q.get('env'), q.get('cluster'));

  const live = async (req: IncomingMessage, res: ServerResponse, s: Selected) => {
    const { client, unreachable } = await clientOf(s);
    const view = startLive({ graph: s.graph, members: s.members, namespace: s.rendered.resolved.namespace, client, ...(unreachable ? { unreachable } : {}) });
    const stream = eventStream(req, res, HEADERS);
    streams.add(stream);
    const send = (m: LiveMessage) => stream.send(m);
    const offLive = view.subscribe((snapshot) => send({ type: 'live', snapshot }));
    const offRuns = runner.subscribe((message) => send({ type: 'run', message }));
    stream.onClose(() => {
      offLive();
      offRuns();
      view.close();
      streams.delete(stream);
    });
    send({ type: 'live', snapshot: view.snapshot() });
  };

  const logs = async (req: IncomingMessage, res: ServerResponse, s: Targeted, name: string) => {
    const { logs: follow } = await import('../commands/logs.js');
    const stream = eventStream(req, res, HEADERS);
    streams.add(stream);
    const stop = new AbortController();
    stream.onClose(() => {
      stop.abort();
      streams.delete(stream);
    });
    follow(s.loaded, name, { ...s.target, follow: true, sinceSeconds: 600, signal: stop.signal, write: (line) => stream.send({ line }) }).catch(async (e: unknown) => stream.send({ error: (await failureText(e)).error }));
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string, q: URLSearchParams): Promise<void> => {
    if (path === '/api/stack') return json(res, 200, stackInfo(opts));
    const t = selection(q);
    const name = q.get('name') ?? '';
    // Only what shows objects or the graph renders the stack; history, logs and runs need the target alone.
    switch (path) {
      case '/api/graph': {
        const s = rendered(t);
        const view: GraphView = { environment: s.target.environment!, ...(s.target.cluster !== undefined ? { cluster: s.target.cluster } : {}), namespace: s.rendered.resolved.namespace, graph: s.graph };
        return json(res, 200, view);
      }
      case '/api/live':
        return live(req, res, rendered(t));
      case '/api/logs':
        return logs(req, res, t, name);
      case '/api/component': {
        const s = rendered(t);
        const { client } = await clientOf(s);
        return json(res, 200, await componentDetails(name, s.members.get(name) ?? [name], s.rendered.objects, s.rendered.resolved.namespace, client));
      }
      case '/api/diff': {
        const { diff } = await import('../commands/diff.js');
        const s = rendered(t);
        const owners = new Map(s.rendered.objects.map((o) => [refKey(o), componentOf(o) ?? '']));
        const baseOf = new Map([...s.members].flatMap(([base, names]) => names.map((n) => [n, base] as const)));
        const view: DiffView = (await diff(s.loaded, s.target)).map((d) => {
          const c = owners.get(d.object) ?? '';
          return { component: baseOf.get(c) ?? c, diff: d };
        });
        return json(res, 200, view);
      }
      case '/api/history': {
        const { history } = await import('../commands/history.js');
        return json(res, 200, await history(t.loaded, t.target));
      }
      case '/api/run': {
        if (req.method !== 'POST') throw new HttpError(405, 'POST only');
        const body = (await readBody(req)) as { action?: unknown; revision?: unknown; confirmed?: unknown };
        if (body.action !== 'up' && body.action !== 'rollback') throw new HttpError(400, 'action must be up or rollback');
        if (body.action === 'rollback' && body.confirmed !== true) throw new HttpError(400, 'a rollback must be confirmed');
        const run: RunRequest = { action: body.action, ...(typeof body.revision === 'number' && Number.isSafeInteger(body.revision) && body.revision > 0 ? { revision: body.revision } : {}) };
        return runner.start(t, run) ? json(res, 202, { started: run.action }) : json(res, 409, { error: 'a run is already in progress; wait for it to finish' });
      }
    }
    throw new HttpError(404, `no such endpoint ${path}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const why = refusal({ url: req.url ?? '/', ...(req.headers.host ? { host: req.headers.host } : {}), ...(req.headers.origin ? { origin: req.headers.origin } : {}), ...(typeof req.headers['x-slipway-token'] === 'string' ? { tokenHeader: req.headers['x-slipway-token'] } : {}) }, opts.token, port);
    if (why) {
      res.writeHead(403, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`forbidden: ${why}\n`);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' });
        return void res.end(shell(opts.token, `slipway ui — ${opts.file}`));
      }
      const type = ASSETS[url.pathname];
      if (type) {
        res.writeHead(200, { ...HEADERS, 'content-type': type });
        return void res.end(await asset(url.pathname));
      }
      await api(req, res, url.pathname, url.searchParams);
    } catch (e) {
      if (res.headersSent) return void res.end();
      const { status, error } = await failureText(e);
      json(res, status, { error });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? userError(`127.0.0.1:${port} is already in use`, 'pick another --port, or leave it out for a free one') : e));
    // Loopback only: nothing of this reaches another machine.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(opts.token)}`,
    port,
    token: opts.token,
    async close() {
      for (const s of [...streams]) s.close();
      await runner.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
