/** Server-sent events: one JSON message per event, a comment now and then so proxies and browsers keep the stream. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const KEEPALIVE_MS = 15_000;

export interface EventStream {
  send(message: unknown): void;
  /** Called once when the page goes away or the server closes the stream. */
  onClose(fn: () => void): void;
  close(): void;
}

export function eventStream(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): EventStream {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': slipway\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    for (const fn of closers) fn();
    res.end();
  };
  req.on('close', end);
  return {
    send: (message) => {
      if (!closed) res.write(`data: ${JSON.stringify(message)}\n\n`);
    },
    onClose: (fn) => void closers.push(fn),
    close: end,
  };
}
