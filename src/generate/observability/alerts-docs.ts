/**
 * The table of default alert rules in docs/observability.md, written from ALERT_KINDS (`npm run docs`), so the
 * docs cannot drift from the rules; a unit test compares them.
 */
import { ALERT_KINDS, NOT_COVERED } from './default-alerts.js';

export const ALERTS_BEGIN = '<!-- default-alerts:begin (npm run docs) -->';
export const ALERTS_END = '<!-- default-alerts:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

export function alertsTable(): string {
  const rows = ALERT_KINDS.flatMap((k) => k.alerts.map((a) => `| ${k.kind} | ${a.name} | ${a.severity} | ${a.for} | ${cell(a.summary)} | ${cell(k.source)} |`));
  const missing = NOT_COVERED.map((n) => `- Not covered: ${n.alert} — ${n.why}.`);
  return [ALERTS_BEGIN, '| kind | alert | severity | for | summary | metrics from |', '|---|---|---|---|---|---|', ...rows, '', ...missing, ALERTS_END].join('\n');
}

/** The docs text with its table replaced by the current one. */
export function withAlertsTable(doc: string): string {
  const begin = doc.indexOf(ALERTS_BEGIN);
  const end = doc.indexOf(ALERTS_END);
  if (begin < 0 || end < begin) throw new Error(`docs/observability.md has no ${ALERTS_BEGIN} … ${ALERTS_END} markers`);
  return doc.slice(0, begin) + alertsTable() + doc.slice(end + ALERTS_END.length);
}
