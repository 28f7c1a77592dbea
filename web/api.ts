/** Requests to the ui server: every one carries the per-run token the server put into the page. */
const token = document.querySelector<HTMLMetaElement>('meta[name="slipway-token"]')?.content ?? '';

export interface Selection {
  env: string;
  cluster?: string;
}

function query(sel: Selection, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ env: sel.env, ...(sel.cluster ? { cluster: sel.cluster } : {}), ...extra });
  return q.toString();
}

export class ApiError extends Error {}

async function answer<T>(r: Response): Promise<T> {
  const body = (await r.json()) as T & { error?: string };
  if (!r.ok) throw new ApiError(body.error ?? `${r.status} ${r.statusText}`);
  return body;
}

export async function get<T>(path: string, sel?: Selection, extra?: Record<string, string>): Promise<T> {
  return answer<T>(await fetch(`${path}${sel ? `?${query(sel, extra)}` : ''}`, { headers: { 'x-slipway-token': token } }));
}

export async function post<T>(path: string, sel: Selection, body: unknown): Promise<T> {
  return answer<T>(await fetch(`${path}?${query(sel)}`, { method: 'POST', headers: { 'x-slipway-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** EventSource cannot send headers: the token goes in the URL, like the page's own. */
export function stream(path: string, sel: Selection, extra: Record<string, string> = {}): EventSource {
  return new EventSource(`${path}?${query(sel, { ...extra, token })}`);
}
