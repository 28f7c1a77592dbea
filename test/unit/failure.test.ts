import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterError } from '../../src/cluster/errors.js';
import { ExitCode, SlipwayError, userError } from '../../src/diagnostics/errors.js';
import { toFailure } from '../../src/diagnostics/failure.js';
import { ComponentFailure } from '../../src/lifecycle/events.js';

const errno = (code: string, syscall: string, path?: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path ? { path } : {}) });

test('a SlipwayError keeps its diagnostics and exit code', () => {
  const e = new SlipwayError([{ code: 'x', message: 'm', path: 'a.b' }], ExitCode.deployFailed);
  assert.deepEqual(toFailure(e), { diagnostics: e.diagnostics, exitCode: 3 });
  assert.equal(toFailure(userError('bad flag')).exitCode, 2);
});

test('cluster errors are the environment: exit 2, unreachable and refused told apart', () => {
  const down = toFailure(new ClusterError('connect ECONNREFUSED 127.0.0.1:6443', 0));
  assert.equal(down.exitCode, 2);
  assert.equal(down.diagnostics[0]!.code, 'cluster');
  assert.match(down.diagnostics[0]!.message, /cannot be reached: connect ECONNREFUSED/);
  assert.match(down.diagnostics[0]!.hint!, /--context, KUBECONFIG/);
  const refused = toFailure(new ClusterError('Deployment.apps "x" is invalid', 422));
  assert.match(refused.diagnostics[0]!.message, /refused the request \(422\): Deployment/);
  // An answer is an answer, whatever its text quotes (a Certificate object, a timeout field).
  const answered = toFailure(new ClusterError('Certificate.cert-manager.io "tls" is invalid: spec.duration: ETIMEDOUT is not a duration', 422));
  assert.match(answered.diagnostics[0]!.message, /^the API server refused the request \(422\): Certificate/);
  assert.match(answered.diagnostics[0]!.hint!, /API server’s own/);
});

test('a failed component and an abort are exit 3', () => {
  const f = toFailure(new ComponentFailure('api', 'CrashLoopBackOff'));
  assert.equal(f.exitCode, 3);
  assert.equal(f.diagnostics[0]!.code, 'rollout-failed');
  assert.match(f.diagnostics[0]!.message, /api: CrashLoopBackOff/);
  const ctrl = new AbortController();
  ctrl.abort();
  let reason: unknown;
  try {
    ctrl.signal.throwIfAborted();
  } catch (e) {
    reason = e;
  }
  const a = toFailure(reason);
  assert.equal(a.exitCode, 3);
  assert.equal(a.diagnostics[0]!.code, 'interrupted');
});

test('filesystem errors are user errors with the path and the cause, never a bug', () => {
  for (const [code, cause] of [
    ['ENOSPC', /no space left/],
    ['EACCES', /permission denied/],
    ['EROFS', /read-only/],
    ['ENOTDIR', /is a file, not a directory/],
  ] as const) {
    const f = toFailure(errno(code, 'open', '/data/out/01-x.yaml'));
    assert.equal(f.exitCode, 2, code);
    assert.equal(f.diagnostics.length, 1);
    assert.equal(f.diagnostics[0]!.code, 'filesystem');
    assert.match(f.diagnostics[0]!.message, /^cannot open \/data\/out\/01-x\.yaml: /);
    assert.match(f.diagnostics[0]!.message, cause);
    assert.doesNotMatch(JSON.stringify(f), /bug/);
  }
  assert.match(toFailure(errno('ENOSPC', 'write')).diagnostics[0]!.message, /^cannot write a file: no space left/);
});

test('anything else is internal: exit 70 (never 1, which lint findings use), a bug-report hint, the stack only in debug', () => {
  const f = toFailure(new TypeError('x is undefined'), { debug: false });
  assert.equal(f.exitCode, 70);
  assert.match(f.diagnostics[0]!.message, /^internal error: x is undefined$/);
  assert.match(f.diagnostics[0]!.hint!, /bug in slipway.*SLIPWAY_DEBUG=1/);
  assert.equal(f.debug, undefined);
  assert.match(toFailure(new TypeError('x'), { debug: true }).debug!, /TypeError: x\n\s+at /);
  assert.equal(toFailure('a string').exitCode, 70);
});
