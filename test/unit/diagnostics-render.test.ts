import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render-text.js';
import { jsonReport, renderJson } from '../../src/diagnostics/render-json.js';
import { renderSarif, sarifLog } from '../../src/diagnostics/render-sarif.js';
import { sarifProblems } from '../sarif.js';

const DIAGS: Diagnostic[] = [
  { code: 'unknown-key', message: 'unknown key "replcas"', hint: 'did you mean "replicas"?', path: 'services.api.replcas', file: 'stacks/my app.yaml', line: 5, col: 5 },
  { code: 'no-probe', severity: 'warning', ruleId: 'needs-probe', message: 'api has no readiness probe', path: 'services.api', file: '/abs/slipway.yaml', line: 3, col: 3, environment: 'prod' },
  { code: 'privileged', severity: 'info', ruleId: 'privileged', object: 'Deployment/shop/api', message: 'runs as root', path: '' },
];

test('text: each line names its severity, the summary counts each severity', () => {
  const text = renderDiagnostics(DIAGS);
  assert.match(text, /^stacks\/my app\.yaml:5:5: error: unknown key "replcas" \[unknown-key\]$/m);
  assert.match(text, /^\/abs\/slipway\.yaml:3:3: warning: api has no readiness probe \(in environment "prod"\) \[no-probe\]$/m);
  assert.match(text, /^Deployment\/shop\/api: info: runs as root \[privileged\]$/m);
  assert.match(text, /\n\n1 error, 1 warning, 1 note$/);
  assert.match(renderDiagnostics([DIAGS[1]!, DIAGS[1]!]), /\n\n2 warnings$/);
  assert.match(renderDiagnostics([DIAGS[0]!]), /\n\n1 error$/);
});

test('text: a filesystem error is not prefixed by the path its message already names', () => {
  const text = renderDiagnostics([{ code: 'filesystem', message: 'cannot write /etc/passwd: it is a file', path: '', file: '/etc/passwd' }]);
  assert.match(text, /^error: cannot write \/etc\/passwd: it is a file \[filesystem\]$/m);
});

test('json: severity written out, ok only when nothing is an error', () => {
  const report = jsonReport(DIAGS);
  assert.equal(report.ok, false);
  assert.deepEqual(report.diagnostics.map((d) => d.severity), ['error', 'warning', 'info']);
  assert.equal(jsonReport(DIAGS.slice(1)).ok, true);
  assert.equal(renderJson(DIAGS, { compact: true }).trimEnd().split('\n').length, 1);
  assert.deepEqual(JSON.parse(renderJson(DIAGS)), report);
});

test('sarif: a structurally valid 2.1.0 log with rules, levels and locations', () => {
  const log = JSON.parse(renderSarif(DIAGS, { name: 'slipway', version: '1.2.3' })) as {
    runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.deepEqual(sarifProblems(log), []);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'slipway');
  assert.equal(run.tool.driver.version, '1.2.3');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['needs-probe', 'privileged', 'unknown-key']);
  assert.deepEqual(run.results.map((r) => [r.ruleId, r.level]), [['unknown-key', 'error'], ['needs-probe', 'warning'], ['privileged', 'note']]);
  const first = run.results[0]!.locations![0]!.physicalLocation;
  assert.equal(first.artifactLocation.uri, 'stacks/my%20app.yaml');
  assert.deepEqual(first.region, { startLine: 5, startColumn: 5 });
  assert.equal(run.results[1]!.locations![0]!.physicalLocation.artifactLocation.uri, 'file:///abs/slipway.yaml');
  assert.deepEqual(run.results[2]!.locations, [{ logicalLocations: [{ fullyQualifiedName: 'Deployment/shop/api', kind: 'resource' }] }], 'an object finding without a file names the object');
  assert.match(run.results[0]!.message.text, /unknown key "replcas".*did you mean "replicas"/);
  assert.deepEqual(sarifProblems(sarifLog([], { name: 'slipway', version: '1' })), [], 'an empty run is valid too');
});

test('sarif checker: rejects logs that break the required fields (so the check above can fail)', () => {
  const good = sarifLog(DIAGS, { name: 'slipway', version: '1' }) as { version: string; runs: { tool: { driver: { name?: string } }; results: Record<string, unknown>[] }[] };
  const broken = (edit: (l: typeof good) => void) => {
    const copy = structuredClone(good);
    edit(copy);
    return sarifProblems(copy).length;
  };
  assert.ok(broken((l) => (l.version = '2.0.0')));
  assert.ok(broken((l) => delete l.runs[0]!.tool.driver.name));
  assert.ok(broken((l) => delete l.runs[0]!.results[0]!.message));
  assert.ok(broken((l) => (l.runs[0]!.results[0]!.level = 'info')));
  assert.ok(broken((l) => (l.runs[0]!.results[0]!.ruleIndex = 0)));
  assert.ok(broken((l) => ((l.runs[0]!.results[0]!.locations as { physicalLocation: { region: { startLine: number } } }[])[0]!.physicalLocation.region.startLine = 0)));
});

test('text grouped: one block per object (else file) in order of first appearance; colour only when asked', () => {
  const ds: Diagnostic[] = [
    { code: 'a', severity: 'warning', object: 'Deployment/shop/api', message: 'first', path: '', file: 'm.yaml', line: 2, col: 1 },
    { code: 'b', severity: 'error', object: 'Service/shop/api', message: 'second', path: '', file: 'm.yaml', line: 30, col: 1 },
    { code: 'c', severity: 'warning', object: 'Deployment/shop/api', message: 'third', path: '', file: 'm.yaml', line: 2, col: 1 },
    { code: 'd', severity: 'info', object: 'Pod/shop/live', message: 'fourth', path: '' },
  ];
  const text = renderDiagnostics(ds, { group: true });
  assert.equal(
    text,
    [
      'Deployment/shop/api',
      '  m.yaml:2:1: warning: first [a]',
      '  m.yaml:2:1: warning: third [c]',
      '',
      'Service/shop/api',
      '  m.yaml:30:1: error: second [b]',
      '',
      'Pod/shop/live',
      '  info: fourth [d]',
      '',
      '1 error, 2 warnings, 1 note',
    ].join('\n'),
  );
  assert.doesNotMatch(text, /\x1b\[/);
  assert.match(renderDiagnostics(ds, { group: true, color: true }), /\x1b\[31merror\x1b\[0m: second/);
});
