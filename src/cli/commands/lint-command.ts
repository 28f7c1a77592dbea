/** `slipway lint`: flags to LintOptions, findings to text, JSON or SARIF, and the exit code `--fail-on` asks for. */
import { Option } from 'commander';
import type { LintResult } from '../../commands/lint.js';
import { ExitCode } from '../../diagnostics/errors.js';
import { defineCommand, type RawOptions } from '../command-table.js';
import { catalogOf } from '../flags.js';
import { VERSION } from '../io.js';

const str = (o: RawOptions, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

export const lintCmd = defineCommand<LintResult>({
  name: 'lint',
  description: 'production checks on a stack (one environment) or on any Kubernetes YAML: files, folders, stdin (-), a Helm chart, a Kustomize folder or a live namespace',
  args: [{ name: 'paths', description: 'a stack file (default slipway.yaml), or manifest files, folders, a chart, a Kustomize folder, - for stdin', variadic: true }],
  options: [
    new Option('-f, --file <file>', 'stack file (when a path alone could be read as manifests)'),
    new Option('-e, --env <name>', "the stack's environment (required when it has several)"),
    new Option('--cluster', 'lint the live cluster instead of files'),
    new Option('--context <name>', 'kube context (default: the current one)'),
    new Option('-n, --namespace <names>', 'namespaces to read on the cluster, comma-separated (default: all)'),
    new Option('--config <file>', 'lint config: rules on/off/severity, ignorePaths, overrides per path (default: .slipway-lint.yaml when present; see docs/rules.md)'),
    new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'none']).default('error'),
  ],
  output: ['text', 'json', 'sarif'],
  epilog: [
    '',
    'Exit codes: 0 no finding at or above --fail-on · 1 a finding at or above --fail-on ·',
    '            2 bad input (a stack validate refuses, unreadable files, bad flags or config).',
    'Ignore a finding on an object: annotation ignore.lint.slipway.dev/<rule-id>: "<reason>";',
    'in a stack: a comment "# lint-ignore <rule-id>: <reason>" on the line or the line above. Rules: docs/rules.md.',
  ].join('\n'),
  async run(o, io) {
    const { lintCommand } = await import('../../commands/lint.js');
    const { readFileSync } = await import('node:fs');
    const namespaces = str(o, 'namespace')?.split(',').filter(Boolean) ?? [];
    const [file, environment, context, config] = [str(o, 'file'), str(o, 'env'), str(o, 'context'), str(o, 'config')];
    return lintCommand({
      paths: (o.paths as string[] | undefined) ?? [],
      cluster: o.cluster === true,
      namespaces,
      ...(file ? { file } : {}),
      ...(environment ? { environment } : {}),
      ...(context ? { context } : {}),
      ...(config ? { config } : {}),
      stdin: () => readFileSync(0, 'utf8'),
      ...catalogOf(io),
    });
  },
  async text(r) {
    if (!r.diagnostics.length) return `${r.target}: no findings (${r.objects} objects, ${r.rules} rules)\n`;
    const { renderDiagnostics } = await import('../../diagnostics/render-text.js');
    const { readFileSync } = await import('node:fs');
    // Code frames only for stack findings: a manifest finding's line is its document's first line, already named.
    const stackFiles = new Set(r.diagnostics.filter((d) => d.path && d.file && d.line).map((d) => d.file!));
    const sources = new Map([...stackFiles].map((f) => [f, readFileSync(f, 'utf8')] as const));
    const { RULES } = await import('../../rules/index.js');
    const sensitive = new Set(RULES.filter((rule) => rule.meta.sensitive).map((rule) => rule.meta.id));
    const frame = (d: { ruleId?: string }) => !sensitive.has(d.ruleId ?? '');
    return `${renderDiagnostics(r.diagnostics, { group: true, sources, frame, color: process.stdout.isTTY === true })} in ${r.objects} objects\n`;
  },
  formats: {
    json: async (r) => (await import('../../diagnostics/render-json.js')).renderJson(r.diagnostics),
    sarif: async (r) => {
      const { renderSarif } = await import('../../diagnostics/render-sarif.js');
      const { RULES } = await import('../../rules/index.js');
      return renderSarif(r.diagnostics, { name: 'slipway', version: VERSION }, RULES.map((rule) => rule.meta));
    },
  },
  exitCode: (r, o) => {
    const level = (str(o, 'failOn') ?? 'error') as 'error' | 'warning' | 'none';
    const rank = { info: 0, warning: 1, error: 2 } as const;
    return level !== 'none' && r.diagnostics.some((d) => rank[d.severity ?? 'error'] >= rank[level]) ? ExitCode.findings : ExitCode.ok;
  },
});
