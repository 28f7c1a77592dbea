/**
 * Golden files: every example × environment and the fixtures render to exactly the committed YAML in
 * test/golden/. A change to generated objects shows up here as a diff to review; `UPDATE_GOLDEN=1 npm test`
 * rewrites the files after an intended change.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { STACKS } from '../stacks.js';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { environmentNames } from '../../src/resolve/merge-environment.js';
import type { StackSpec } from '../../src/model/stack.js';


function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const i = la.findIndex((l, n) => l !== lb[n]);
  return `first difference at line ${i + 1}:\n  expected: ${lb[i] ?? '<end>'}\n  actual:   ${la[i] ?? '<end>'}`;
}

for (const { name, file } of STACKS) {
  const loaded = loadStack(file);
  for (const env of environmentNames(loaded.data as StackSpec)) {
    test(`golden ${name} / ${env}`, () => {
      const text = renderStack(loaded, { environment: env }).text;
      const golden = join('test/golden', name, `${env}.yaml`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(join('test/golden', name), { recursive: true });
        writeFileSync(golden, text);
      }
      assert.ok(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npm test and review it`);
      const expected = readFileSync(golden, "utf8");
      assert.ok(text === expected, `${golden} differs (UPDATE_GOLDEN=1 to accept)\n${firstDifference(text, expected)}`);
    });
  }
}
