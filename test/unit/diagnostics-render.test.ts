import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render-text.js';
import { jsonReport, renderJson } from '../../src/diagnostics/render-json.js';
import { renderSarif, sarifLog } from '../../src/diagnostics/render-sarif.js';

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

/**
 * The SARIF 2.1.0 schema's required fields and value constraints for what slipway writes (sarif-schema-2.1.0.json:
 * sarifLog, run, tool, toolComponent, reportingDescriptor, result, message, location, physicalLocation,
 * artifactLocation, region). Returns every violation.
 */
function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || problems.push(what));
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (!isObj(log)) return ['log is not an object'];
  need(log.version === '2.1.0', 'version must be "2.1.0"');
  need(log.$schema === undefined || typeof log.$schema === 'string', '$schema must be a URI string');
  need(Array.isArray(log.runs), 'runs is required and an array');
  for (const [r, run] of ((log.runs as unknown[]) ?? []).entries()) {
    if (!isObj(run)) {
      problems.push(`runs[${r}] is not an object`);
      continue;
    }
    const driver = isObj(run.tool) ? run.tool.driver : undefined;
    need(isObj(driver), `runs[${r}].tool.driver is required`);
    if (!isObj(driver)) continue;
    need(typeof driver.name === 'string' && driver.name.length > 0, 'driver.name is required');
    need(driver.version === undefined || typeof driver.version === 'string', 'driver.version is a string');
    const rules = (driver.rules ?? []) as unknown[];
    need(Array.isArray(rules), 'driver.rules is an array');
    const ids = rules.map((d, i) => {
      need(isObj(d) && typeof d.id === 'string', `rules[${i}].id is required`);
      const level = isObj(d) && isObj(d.defaultConfiguration) ? d.defaultConfiguration.level : undefined;
      need(level === undefined || ['none', 'note', 'warning', 'error'].includes(level as string), `rules[${i}] default level`);
      return isObj(d) ? d.id : undefined;
    });
    need(new Set(ids).size === ids.length, 'rule ids are unique');
    need(run.results === undefined || Array.isArray(run.results), 'results is an array');
    for (const [i, res] of ((run.results as unknown[]) ?? []).entries()) {
      const at = `results[${i}]`;
      if (!isObj(res)) {
        problems.push(`${at} is not an object`);
        continue;
      }
      need(isObj(res.message) && (typeof res.message.text === 'string' || typeof res.message.id === 'string'), `${at}.message needs text or id`);
      need(res.level === undefined || ['none', 'note', 'warning', 'error'].includes(res.level as string), `${at}.level`);
      need(res.ruleId === undefined || typeof res.ruleId === 'string', `${at}.ruleId is a string`);
      if (res.ruleIndex !== undefined) need(Number.isInteger(res.ruleIndex) && ids[res.ruleIndex as number] === res.ruleId, `${at}.ruleIndex points at its rule`);
      for (const [j, loc] of ((res.locations as unknown[]) ?? []).entries()) {
        const phys = isObj(loc) ? loc.physicalLocation : undefined;
        need(isObj(phys) && (isObj(phys.artifactLocation) || isObj(phys.address)), `${at}.locations[${j}].physicalLocation needs artifactLocation or address`);
        if (!isObj(phys)) continue;
        const uri = isObj(phys.artifactLocation) ? phys.artifactLocation.uri : undefined;
        need(typeof uri === 'string' && !/\s/.test(uri), `${at}.locations[${j}] uri is a URI reference`);
        if (phys.region !== undefined) {
          const region = phys.region as Record<string, unknown>;
          need(posInt(region.startLine), `${at} region.startLine ≥ 1`);
          need(region.startColumn === undefined || posInt(region.startColumn), `${at} region.startColumn ≥ 1`);
        }
      }
    }
  }
  return problems;
}

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
  assert.equal(run.results[2]!.locations, undefined, 'an object finding has no file');
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
