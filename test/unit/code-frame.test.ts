/** B5: code frames are cut to a window, so a huge one-line file cannot flood the terminal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeFrameColumns } from '@babel/code-frame';
import { FRAME_WIDTH, renderDiagnostic, renderDiagnostics } from '../../src/diagnostics/render-text.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

const diag = (line: number, col: number, message = 'bad value'): Diagnostic => ({ code: 'x', message, hint: 'fix it', path: '', file: 'f.yaml', line, col });

test('a short file gets the usual frame, unchanged', () => {
  const source = 'name: shop\nservices:\n  api:\n    image: x\n';
  const out = renderDiagnostic(diag(3, 3), { sources: new Map([['f.yaml', source]]) });
  const frame = codeFrameColumns(source, { start: { line: 3, column: 3 } }, { highlightCode: false, linesAbove: 1, linesBelow: 1 });
  assert.equal(out, `f.yaml:3:3: error: bad value [x]\n${frame}\n  hint: fix it`);
});

test('a 50 MB line prints a bounded window around the column', () => {
  const col = 25_000_000;
  const line = `${'a'.repeat(col - 1)}X${'b'.repeat(25_000_000)}`;
  const source = `name: shop\n${line}\nend: 1\n`;
  const out = renderDiagnostic(diag(2, col, `unknown key "${'k'.repeat(5_000_000)}"`), { sources: new Map([['f.yaml', source]]) });
  assert.ok(out.length < 4000, `output is ${out.length} characters`);
  const frameLines = out.split('\n').filter((l) => / \| /.test(l));
  for (const l of frameLines) assert.ok(l.length <= FRAME_WIDTH + 20, `frame line of ${l.length}`);
  const target = frameLines.find((l) => l.startsWith('>'))!;
  const caret = frameLines[frameLines.indexOf(target) + 1]!;
  assert.equal(target[caret.indexOf('^')], 'X', 'the caret points at the column inside the window');
  assert.match(target, /…a+Xb+…$/);
});

test('many diagnostics are counted after the first hundred', () => {
  const out = renderDiagnostics(Array.from({ length: 150 }, (_, i) => diag(1, i + 1)), {});
  assert.match(out, /… and 50 more\n\n150 errors$/);
});

test('warnings are labelled and counted as warnings', () => {
  const out = renderDiagnostics([{ ...diag(1, 1), severity: 'warning' }], {});
  assert.match(out, /f\.yaml:1:1: warning: bad value/);
  assert.match(out, /\n1 warning$/);
});
