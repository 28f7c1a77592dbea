/** Who may talk to the ui server: the token, the loopback Host, and the page's own Origin. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newToken, refusal } from '../../src/ui/guard.js';

const TOKEN = newToken();
const PORT = 4321;
const HOST = `127.0.0.1:${PORT}`;

test('tokens are long, URL-safe and different every run', () => {
  assert.match(TOKEN, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(newToken(), TOKEN);
});

test('the token is required, in the URL or the header, and must match exactly', () => {
  assert.equal(refusal({ url: `/?token=${TOKEN}`, host: HOST }, TOKEN, PORT), undefined);
  assert.equal(refusal({ url: '/api/graph', host: HOST, tokenHeader: TOKEN }, TOKEN, PORT), undefined);
  assert.equal(refusal({ url: '/api/graph?env=dev', host: `localhost:${PORT}`, tokenHeader: TOKEN }, TOKEN, PORT), undefined);
  for (const url of ['/', '/api/live', `/?token=${TOKEN.slice(1)}`, `/?token=${TOKEN}x`, `/?token=`, `/?tok=${TOKEN}`]) {
    assert.match(refusal({ url, host: HOST }, TOKEN, PORT) ?? '', /token/, url);
  }
  assert.match(refusal({ url: '/', host: HOST, tokenHeader: 'wrong' }, TOKEN, PORT) ?? '', /token/);
});

test('DNS rebinding: another host name, or another port, is refused even with the token', () => {
  for (const host of [`attacker.example:${PORT}`, '127.0.0.1:80', '127.0.0.1', `127.0.0.2:${PORT}`, `[::1]:${PORT}`, undefined]) {
    assert.match(refusal({ url: `/?token=${TOKEN}`, ...(host ? { host } : {}) }, TOKEN, PORT) ?? '', /Host/, String(host));
  }
});

test("a cross-site request is refused by its Origin; the page's own origin is not", () => {
  assert.equal(refusal({ url: '/api/run', host: HOST, origin: `http://${HOST}`, tokenHeader: TOKEN }, TOKEN, PORT), undefined);
  for (const origin of ['http://attacker.example', `https://${HOST}`, 'null', `http://${HOST}.attacker.example`]) {
    assert.match(refusal({ url: '/api/run', host: HOST, origin, tokenHeader: TOKEN }, TOKEN, PORT) ?? '', /Origin/, origin);
  }
});
