/** The page's HTML shell and its bundled assets (built into dist/web by `npm run build`, never fetched from elsewhere). */
import { readFile } from 'node:fs/promises';

const WEB = new URL('../../web/', import.meta.url);

export const ASSETS: Readonly<Record<string, string>> = {
  '/app.js': 'text/javascript; charset=utf-8',
  '/app.css': 'text/css; charset=utf-8',
};

export async function asset(path: string): Promise<Buffer> {
  return readFile(new URL(path.slice(1), WEB));
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The token goes into the page so its scripts can send it; assets carry it in their URL like every request. */
export function shell(token: string, title: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="slipway-token" content="${escape(token)}">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/app.css?token=${t}">
</head>
<body>
<div id="app"></div>
<script type="module" src="/app.js?token=${t}"></script>
</body>
</html>
`;
}
