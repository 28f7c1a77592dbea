/** The generic action of the command table, driven with injected IO: output, formats, exit codes, failures. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import type { ClusterPort } from '../../src/cluster/port.js';
import { ClusterError } from '../../src/cluster/errors.js';
import { toFailure } from '../../src/diagnostics/failure.js';
import { addCommand, type CommandSpec } from '../../src/cli/command-table.js';
import { diffCmd, historyCmd } from '../../src/cli/commands/cluster-commands.js';
import { validateCmd } from '../../src/cli/commands/stack-commands.js';
import type { CliIO } from '../../src/cli/io.js';

const BASIC = 'test/fixtures/basic.yaml';

/** A cluster with nothing in it; `list` can be made to fail like an API server that refuses. */
function emptyCluster(listError?: Error): ClusterPort {
  const none = async () => undefined;
  return {
    context: 'memory',
    apply: async (o) => o,
    get: none,
    list: async () => {
      if (listError) throw listError;
      return [];
    },
    create: async (o) => o,
    createIfMissing: async () => true,
    replace: async (o) => o,
    delete: async () => undefined,
    streamLogs: async () => new AbortController(),
    watch: async (_v, _k, _n, _e, onEnd) => (onEnd(), { stop: () => undefined }),
    secretKeys: none,
    secretValue: none,
    serves: async () => true,
    exec: async () => 0,
    portForward: async () => ({ port: 0, close: async () => undefined }),
  };
}

async function run(spec: CommandSpec, args: string[], client?: ClusterPort) {
  const out: string[] = [];
  const err: string[] = [];
  const outcome: { exit?: number; failure?: { e: unknown; format: string; jsonLines: boolean } } = {};
  const io: CliIO = { out: (t) => void out.push(t), err: (t) => void err.push(t), tty: false, interrupt: () => new AbortController().signal, ...(client ? { client } : {}) };
  const program = new Command('slipway').exitOverride();
  addCommand(program, spec, io, {
    fail: async (e, format, jsonLines) => {
      outcome.failure = { e, format, jsonLines };
      return undefined as never;
    },
    done: (code) => void (outcome.exit = code),
  });
  await program.parseAsync(['node', 'slipway', spec.name, ...args]);
  return { out: out.join(''), err: err.join(''), ...outcome };
}

test('-o json prints the result as JSON; text uses the command printer', async () => {
  const json = await run(historyCmd, [BASIC, '-e', 'dev', '-o', 'json'], emptyCluster());
  assert.deepEqual(JSON.parse(json.out), []);
  assert.equal(json.exit, 0);
  const text = await run(validateCmd, [BASIC]);
  assert.equal(text.out, `${BASIC}: valid (environments: dev, prod)\n`);
});

test('exitCode(result) decides the exit code: diff --exit-code against an empty cluster is 4', async () => {
  const r = await run(diffCmd, ['-f', BASIC, '-e', 'dev', '--exit-code', '-o', 'json'], emptyCluster());
  const diffs = JSON.parse(r.out) as { object: string; action: string }[];
  assert.ok(diffs.length > 10 && diffs.every((d) => d.action === 'create'), 'everything is new');
  assert.equal(r.exit, 4);
  assert.equal((await run(diffCmd, ['-f', BASIC, '-e', 'dev'], emptyCluster())).exit, 0);
});

test('a failure goes to the one failure path with the format asked for, nothing printed', async () => {
  const r = await run(historyCmd, [BASIC, '-e', 'dev', '-o', 'json'], emptyCluster(new ClusterError('secrets is forbidden', 403)));
  assert.equal(r.out, '');
  assert.equal(r.exit, undefined);
  assert.equal(r.failure?.format, 'json');
  const f = toFailure(r.failure?.e);
  assert.equal(f.exitCode, 2);
  assert.match(f.diagnostics[0]!.message, /refused the request \(403\): secrets is forbidden/);
});
