/** B5: a stack file is UTF-8 text without control characters; anything else is one located user error. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStack, parseStack } from '../../src/load/load-stack.js';
import { SlipwayError } from '../../src/diagnostics/errors.js';
import { slipway, tempDir } from '../helpers.js';

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SlipwayError, String(e));
    assert.equal(e.diagnostics.length, 1);
    return e.diagnostics[0]!;
  }
  assert.fail('expected a SlipwayError');
}

const file = (bytes: Buffer | string) => {
  const p = join(tempDir(), 'slipway.yaml');
  writeFileSync(p, bytes);
  return p;
};

test('NUL and other control characters are located errors with a hint', () => {
  for (const [ch, name] of [['\0', 'U+0000 (NUL)'], ['\x07', 'U+0007 (BEL)'], ['\x1b', 'U+001B (ESC)'], ['\x7f', 'U+007F (DEL)'], ['\x85'.replace('\x85', '\x9b'), 'U+009B']] as const) {
    const d = failure(() => parseStack(`name: shop\nservices:\n  api:\n    image: "x${ch}y"\n`, 's.yaml'));
    assert.equal(d.code, 'control-character');
    assert.ok(d.message.includes(name), d.message);
    assert.deepEqual([d.file, d.line, d.col], ['s.yaml', 4, 14]);
    assert.ok(d.hint);
  }
});

test('tab, newline, CR and a BOM are fine', () => {
  const loaded = parseStack('\uFEFFname: shop\r\nservices:\r\n  api:\r\n    image: "a\tb"\r\n', 's.yaml');
  assert.equal((loaded.data as { name: string }).name, 'shop');
});

test('invalid UTF-8 is located at its byte, in characters of its line', () => {
  const bytes = Buffer.concat([Buffer.from('name: shop\nservices:\n  api:\n    image: "é'), Buffer.from([0xff]), Buffer.from('"\n')]);
  const d = failure(() => loadStack(file(bytes)));
  assert.equal(d.code, 'invalid-utf8');
  assert.match(d.message, /0xFF/);
  assert.deepEqual([d.line, d.col], [4, 14]);
  for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
    const e = failure(() => loadStack(file(Buffer.concat([Buffer.from('name: "'), Buffer.from(bad), Buffer.from('"\n')]))));
    assert.deepEqual([e.code, e.line, e.col], ['invalid-utf8', 1, 8], `bytes ${bad.map((b) => b.toString(16)).join(' ')}`);
  }
  assert.equal((loadStack(file('name: "€𝄞"\n')).data as { name: string }).name, '€𝄞');
});

test('slipway validate: exit 2, file:line:col, hint, no stack trace', () => {
  const p = file(Buffer.from('name: shop\nservices:\n  api:\n    image: "a\0b"\n'));
  const r = slipway(['validate', p]);
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.includes(`${p}:4:14: error: the stack file contains the control character U+0000 (NUL) [control-character]`), r.stderr);
  assert.match(r.stderr, /hint: /);
  assert.doesNotMatch(r.stderr, /\0/, 'the frame shows the character, not the raw byte');
  assert.doesNotMatch(r.stderr, /^ {4}at /m);
  const u = slipway(['validate', file(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xfe, 0x0a]))]);
  assert.equal(u.status, 2, u.stderr);
  assert.match(u.stderr, /:1:7: error: the stack file is not valid UTF-8 \(byte 0xFE\) \[invalid-utf8\]/);
});
