/**
 * A dashboard as slipway describes it (rows of time series and stat panels over Prometheus queries) and its JSON
 * in Grafana's dashboard model (schemaVersion 42). The output is typed against the Grafana Foundation SDK's
 * Dashboard and Panel types (a type-only import: the SDK's builders cost over a second to load, too much for
 * every run of the CLI), and test/unit/grafana-dashboards.test.ts builds each dashboard again with the SDK's
 * builders and requires the same JSON, so a field Grafana's library would write differently fails a test.
 */
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dataquery } from '@grafana/grafana-foundation-sdk/prometheus';

/** A Prometheus query as JSON: the SDK's type without the builder's marker method. */
export type PrometheusTarget = Omit<Dataquery, '_implementsDataqueryVariant'>;
export type PrometheusPanel = Omit<Panel, 'targets'> & { targets: PrometheusTarget[] };
/** Grafana's dashboard model with Prometheus panels. */
export type DashboardModel = Omit<Dashboard, 'panels'> & { panels: (PrometheusPanel | RowPanel)[] };

export interface QuerySpec {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  type: 'timeseries' | 'stat';
  title: string;
  description?: string;
  /** Grafana's unit id: short, percentunit, bytes, s, reqps, … */
  unit: string;
  queries: QuerySpec[];
  /** @default 12 (half the grid) */
  width?: 12 | 24;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description?: string;
  tags: string[];
  rows: RowSpec[];
}

/** The datasource every panel queries (its uid is the provisioned one). */
export interface DatasourceRef {
  type: string;
  uid: string;
}

export const SCHEMA_VERSION = 42;
export const PANEL_HEIGHT = 8;
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function dashboardJson(spec: DashboardSpec, datasource: DatasourceRef): DashboardModel {
  const panels: DashboardModel['panels'] = [];
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ type: 'row', collapsed: false, id: 0, panels: [], title: row.title, gridPos: { x: 0, y, h: 1, w: 24 } });
    y += 1;
    let x = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(panelJson(p, datasource, { h: PANEL_HEIGHT, w, x, y }));
      x += w;
    }
    if (x > 0) y += PANEL_HEIGHT;
  }
  return {
    timezone: 'browser',
    // Provisioned dashboards are rewritten from the ConfigMap: edits in the UI would be lost at the next start.
    editable: false,
    graphTooltip: 1,
    fiscalYearStartMonth: 0,
    schemaVersion: SCHEMA_VERSION,
    templating: {},
    annotations: {},
    title: spec.title,
    uid: spec.uid,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    panels,
  };
}

function panelJson(p: PanelSpec, datasource: DatasourceRef, gridPos: { h: number; w: number; x: number; y: number }): PrometheusPanel {
  const common = {
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    datasource: { ...datasource },
    targets: p.queries.map((q, i): PrometheusTarget => ({ expr: q.expr, ...(q.legend ? { legendFormat: q.legend } : {}), refId: REF_IDS[i]! })),
    gridPos,
  };
  if (p.type === 'timeseries') {
    return {
      type: 'timeseries',
      transparent: false,
      repeatDirection: 'h',
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] }, tooltip: { mode: 'multi', sort: 'desc' } },
      fieldConfig: { defaults: { custom: {}, unit: p.unit }, overrides: [] },
      ...common,
    };
  }
  return {
    type: 'stat',
    transparent: false,
    repeatDirection: 'h',
    options: {
      graphMode: 'area',
      colorMode: 'value',
      justifyMode: 'auto',
      textMode: 'auto',
      wideLayout: true,
      showPercentChange: false,
      reduceOptions: { calcs: ['lastNotNull'] },
      percentChangeColorMode: 'standard',
      orientation: 'auto',
    },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    ...common,
  };
}
