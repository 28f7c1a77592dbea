/**
 * Every dashboard slipway provisions, built again with the Grafana Foundation SDK's builders (Grafana's own
 * library for dashboards as code) from the same description: the JSON must be the one the library writes,
 * layout included. The renderer only shares the SDK's types, so a field it writes differently from the library
 * (a misspelled option, a wrong default, an overlapping grid position) fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardCursorSync, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { dashboardJson, PANEL_HEIGHT, type DashboardSpec, type DatasourceRef, type PanelSpec } from '../../src/catalog/grafana/dashboard-json.js';
import { dashboardSpecs } from '../../src/catalog/grafana/dashboards.js';
import type { DashboardComponent } from '../../src/model/dashboards.js';

const DS: DatasourceRef = { type: 'prometheus', uid: 'slipway-prom' };

function sdkPanel(p: PanelSpec) {
  const targets = p.queries.map((q, i) => {
    const t = new prometheus.DataqueryBuilder().expr(q.expr);
    if (q.legend) t.legendFormat(q.legend);
    return t.refId('ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]!);
  });
  if (p.type === 'timeseries') {
    const b = new timeseries.PanelBuilder()
      .legend(new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).showLegend(true).calcs([]))
      .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
    b.title(p.title).unit(p.unit).datasource(DS).span(p.width ?? 12).height(PANEL_HEIGHT);
    if (p.description) b.description(p.description);
    for (const t of targets) b.withTarget(t);
    return b;
  }
  const b = new stat.PanelBuilder().reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
  b.title(p.title).unit(p.unit).datasource(DS).span(p.width ?? 12).height(PANEL_HEIGHT);
  if (p.description) b.description(p.description);
  for (const t of targets) b.withTarget(t);
  return b;
}

function sdkDashboard(spec: DashboardSpec) {
  const b = new DashboardBuilder(spec.title).uid(spec.uid).tags(spec.tags).readonly().tooltip(DashboardCursorSync.Crosshair).refresh('30s').time({ from: 'now-6h', to: 'now' }).timezone('browser');
  if (spec.description) b.description(spec.description);
  for (const row of spec.rows) {
    b.withRow(new RowBuilder(row.title));
    for (const p of row.panels) b.withPanel(sdkPanel(p));
  }
  return b.build();
}

/** Plain JSON: what the ConfigMap carries (the builders leave no undefined fields either). */
const json = (v: unknown) => JSON.parse(JSON.stringify(v));

const every: DashboardComponent[] = [
  { name: 'api', kind: 'service', workload: 'Deployment', scraped: true },
  { name: 'api-v2', kind: 'service', workload: 'Deployment', scraped: false },
  { name: 'jobs', kind: 'worker', workload: 'Deployment', scraped: true },
  ...['postgresql', 'mysql', 'redis', 'kafka', 'clickhouse', 'rabbitmq', 'grafana'].map((kind) => ({ name: `${kind}-a`, kind, workload: 'StatefulSet' as const, scraped: true })),
];

describe('dashboards against the Grafana Foundation SDK', () => {
  const specs = dashboardSpecs(every, { stack: 'shop', environment: 'prod', namespace: 'shop-prod' });

  it('covers an overview and each kind', () => {
    assert.deepEqual(specs.map((s) => s.uid), ['slipway-overview', 'slipway-clickhouse', 'slipway-grafana', 'slipway-kafka', 'slipway-mysql', 'slipway-postgresql', 'slipway-rabbitmq', 'slipway-redis', 'slipway-service', 'slipway-worker']);
  });

  for (const spec of specs) {
    it(`${spec.uid} is the JSON the SDK's builders write`, () => {
      assert.deepEqual(json(dashboardJson(spec, DS)), json(sdkDashboard(spec)));
    });
  }

  it('places no two panels on the same cells', () => {
    for (const spec of specs) {
      const cells = new Set<string>();
      for (const p of dashboardJson(spec, DS).panels) {
        const g = p.gridPos!;
        for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
          const key = `${x},${y}`;
          assert.ok(!cells.has(key), `${spec.uid}: ${p.title} overlaps at ${key}`);
          cells.add(key);
        }
      }
    }
  });
});
