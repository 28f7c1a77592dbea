/**
 * Diagnostics as a SARIF 2.1.0 log, the format code-scanning services read (one run, tool `slipway`).
 * Only fields the standard defines are used; slipway's extras (path, hint, environment) go in `properties`.
 */
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from './diagnostic.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifTool {
  name: string;
  version: string;
  informationUri?: string;
}

/** A file as a URI reference: relative paths stay relative (resolved against the scan root by the reader). */
function uriOf(file: string): string {
  return isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file.split(sep).join('/'));
}

/** What SARIF readers show about a rule: from the rule registry, when the caller passes it. */
export interface SarifRuleInfo {
  id: string;
  description: string;
  remediation: string;
  severity: Severity;
  enabledByDefault?: boolean;
}

/**
 * A SARIF log. With `catalog`, every rule it lists is described (what ran, even with no result), with its
 * description, fix and default level; ids of results outside it get a bare entry.
 */
export function sarifLog(diags: readonly Diagnostic[], tool: SarifTool, catalog: readonly SarifRuleInfo[] = []): object {
  const known = new Map(catalog.map((r) => [r.id, r]));
  const ids = [...new Set([...catalog.map((r) => r.id), ...diags.map((d) => d.ruleId ?? d.code)])].sort();
  const rules = ids.map((id) => {
    const info = known.get(id);
    if (info) {
      return {
        id,
        shortDescription: { text: info.description },
        help: { text: info.remediation },
        defaultConfiguration: { enabled: info.enabledByDefault !== false, level: LEVEL[info.severity] },
      };
    }
    const first = diags.find((d) => (d.ruleId ?? d.code) === id)!;
    return { id, defaultConfiguration: { level: LEVEL[first.severity ?? 'error'] }, ...(first.docs ? { helpUri: first.docs } : {}) };
  });
  const results = diags.map((d) => {
    const ruleId = d.ruleId ?? d.code;
    const properties = { ...(d.path ? { path: d.path } : {}), ...(d.hint ? { hint: d.hint } : {}), ...(d.environment ? { environment: d.environment } : {}), ...(d.cluster ? { cluster: d.cluster } : {}), ...(d.object ? { object: d.object } : {}), ...(d.field ? { field: d.field } : {}) };
    // A live object has no file: it is named as a logical location instead.
    const logical = d.object ? { logicalLocations: [{ fullyQualifiedName: d.object, kind: 'resource' }] } : {};
    return {
      ruleId,
      ruleIndex: ids.indexOf(ruleId),
      level: LEVEL[d.severity ?? 'error'],
      message: { text: d.hint ? `${d.message} (hint: ${d.hint})` : d.message },
      ...(d.file
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(d.file) }, ...(d.line ? { region: { startLine: d.line, startColumn: d.col ?? 1 } } : {}) }, ...logical }] }
        : d.object
          ? { locations: [logical] }
          : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    };
  });
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver: { ...tool, rules } }, results }] };
}

export function renderSarif(diags: readonly Diagnostic[], tool: SarifTool, catalog: readonly SarifRuleInfo[] = []): string {
  return `${JSON.stringify(sarifLog(diags, tool, catalog), null, 2)}\n`;
}
