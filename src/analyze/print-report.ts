/**
 * The Markdown report of an analysed system: the map (Mermaid, which code hosts render inline), then tables of
 * components, external servers and ingress routes — the page an SRE would otherwise draw by hand.
 */
import { formatMermaid } from '../graph/print-mermaid.js';
import { tagsOf } from '../graph/print-text.js';
import type { AnalyzeResult } from './analyze.js';

/** A Markdown table cell: pipes escaped, never empty. */
function cell(text: string): string {
  return text ? text.replace(/\|/g, '\\|') : '–';
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export function formatReport(r: AnalyzeResult): string {
  const { graph } = r;
  const uses = (name: string) =>
    graph.edges
      .filter((e) => e.from === name)
      .map((e) => `${e.to}${e.carries ? ` (${e.carries})` : ''}${e.wait ? '' : ' ~'}`)
      .join(', ');
  const usedBy = (name: string) => graph.edges.filter((e) => e.to === name).map((e) => e.from).join(', ');
  const own = graph.nodes.filter((n) => !n.external);
  const lines = [
    '# System map',
    '',
    `Namespaces: ${r.namespaces.map((n) => `\`${n || 'default'}\``).join(', ') || '–'}. ${own.length} components, ${r.externals.length} external servers, ${graph.edges.length} dependencies (\`~\`: knows the address, does not wait for it).`,
    '',
    '```mermaid',
    formatMermaid(graph).trimEnd(),
    '```',
    '',
    '## Components',
    '',
    ...table(
      ['component', 'what', 'uses', 'used by'],
      own.map((n) => [n.name, tagsOf(n).join(', '), uses(n.name), usedBy(n.name)]),
    ),
    '',
  ];
  if (r.externals.length) {
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    lines.push('## External servers', '', ...table(['server', 'family', 'hosts', 'used by'], r.externals.map((x) => [x.name, byName.get(x.name)?.type ?? '', x.hosts.join(', '), usedBy(x.name)])), '');
  }
  if (r.ingresses.length) {
    // Per-tenant hosts are what an operator looks up first: a tenant column when copies serve routes.
    const tenants = r.ingresses.some((i) => i.tenant);
    const rows = r.ingresses.map((i) => [i.host, i.path, i.component ?? '(no workload)', ...(tenants ? [i.tenant ?? ''] : [])]);
    lines.push('## Ingress', '', ...table(['host', 'path', 'component', ...(tenants ? ['tenant'] : [])], rows), '');
  }
  if (r.risks) {
    const shown = (objects: string[]) => (objects.length > 5 ? `${objects.slice(0, 5).join(', ')} and ${objects.length - 5} more` : objects.join(', '));
    lines.push('## Risks', '', r.risks.length ? `From \`slipway lint\` on the same objects (docs/rules.md explains each rule).` : 'None: `slipway lint` finds nothing on these objects.', '');
    if (r.risks.length) lines.push(...table(['rule', 'severity', 'objects', 'first finding'], r.risks.map((x) => [`\`${x.rule}\``, x.severity, `${x.objects.length}: ${shown(x.objects)}`, x.message])), '');
  }
  return `${lines.join('\n')}`;
}
