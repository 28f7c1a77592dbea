/**
 * The nova example's day-2 guide (examples/nova/README.md, "## Day 2"), run line by line against the real control
 * plane: each command as written, in a namespace of its own (-n), with what each line is for checked.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { test } from 'node:test';
import { CLI, slipway } from '../helpers.js';
import { dropNamespace, namespaceName, provideNodePools } from './kube.js';
import { renderStack } from '../../src/commands/render.js';
import { loadStack } from '../../src/load/load-stack.js';

/** The guide's command lines, each split into arguments as a shell would (single quotes only). */
function guide(): string[][] {
  const readme = readFileSync('examples/nova/README.md', 'utf8');
  const block = /## Day 2\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'examples/nova/README.md has a Day 2 sh block');
  return block
    .trim()
    .split('\n')
    .map((line) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!));
}

/** Start a holding command, wait for its forwarding line, exchange a line through it, then Ctrl-C it. */
function forwardSession(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; echoed: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let echoed = '';
  let started = false;
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    const port = Number(/forwarding 127\.0\.0\.1:(\d+) /.exec(stdout)?.[1]);
    if (started || !port || !stdout.endsWith('\n')) return;
    started = true;
    const socket = tcp(port, '127.0.0.1');
    socket.on('data', (c: Buffer) => {
      echoed += c.toString();
      if (echoed.includes('hello\n')) socket.end(() => child.kill('SIGINT'));
    });
    socket.on('error', () => child.kill('SIGINT'));
    socket.write('hello\n');
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(killer), resolve({ code, stdout, stderr, echoed }))));
}

test('every command of the nova day-2 guide works as written', async () => {
  const ns = namespaceName('d2-nova');
  provideNodePools(renderStack(loadStack('examples/nova/slipway.yaml'), { environment: 'dev' }).objects);
  const seen: string[] = [];
  for (const line of guide()) {
    assert.equal(line[0], 'slipway');
    // -n goes before a `--`, after which everything is the command's own.
    const rest = line.slice(1);
    const dash = rest.indexOf('--') < 0 ? rest.length : rest.indexOf('--');
    const args = [...rest.slice(0, dash), '-n', ns, ...rest.slice(dash)];
    const command = args[0]!;
    seen.push(`${command}${args.includes('--plan') ? ' --plan' : ''}`);
    if (command === 'connect') {
      const r = await forwardSession(args);
      assert.equal(r.code, 0, `${line.join(' ')}\n${r.stdout}${r.stderr}`);
      assert.equal(r.echoed, 'slipway-test-cluster: port-forward\nhello\n', 'bytes went through the forward and back');
      if (args.includes('--print-url')) assert.match(r.stdout, /^postgresql:\/\/nova:\*\*\*@127\.0\.0\.1:\d+\/nova$/m);
      continue;
    }
    const r = slipway(args);
    assert.equal(r.status, 0, `${line.join(' ')}\n${r.stdout}${r.stderr}`);
    if (command === 'status') assert.match(r.stdout, /user-service/);
    if (command === 'logs') assert.match(r.stdout, /^user-service-[a-z0-9-]+\/user-service \| slipway-test-cluster: pod log line 1/m);
    if (command === 'exec') assert.equal(r.stdout, 'connected\n');
    if (command === 'restart' && args.includes('--plan')) assert.match(r.stdout, /^ {3}1\. redis \(infra, asked\)\n {3}2\. auth-service \(service, uses redis\)\n/m);
    if (command === 'restart' && !args.includes('--plan')) assert.match(r.stdout, /^restarted user-service \([\d.]+s\)\n$/m);
    if (command === 'down') assert.match(r.stdout, /deleted \d+ objects/);
  }
  assert.deepEqual(seen, ['up', 'status', 'logs', 'connect', 'connect', 'exec', 'restart --plan', 'restart', 'down']);
  dropNamespace(ns);
});
