/**
 * Grafana's provisioning files (grafana.com/docs/grafana/latest/administration/provisioning): the datasources
 * file and the dashboard provider. Grafana expands `${VAR}` in a provisioning file's values from its environment,
 * so a SQL datasource's password is `${…}` here and the Grafana container gets that variable from the entry's
 * Secret through secretKeyRef: no password is ever in a ConfigMap.
 */
import { stringify } from 'yaml';
import type { DashboardDatasource } from '../../model/dashboards.js';
import type { EnvVar } from '../../model/resolved.js';
import { fitName } from '../../generate/names.js';

/** Grafana's datasource type ids (PostgreSQL is `grafana-postgresql-datasource` since Grafana 10; ClickHouse is a plugin). */
export const DATASOURCE_TYPES = {
  prometheus: 'prometheus',
  loki: 'loki',
  postgresql: 'grafana-postgresql-datasource',
  clickhouse: 'grafana-clickhouse-datasource',
} as const;

/** A stable uid (Grafana allows 40 characters) that dashboards reference. */
export function datasourceUid(name: string): string {
  return fitName(['slipway', name], 40);
}

/** The env var that carries a datasource's password into the Grafana container. */
export function passwordEnvName(name: string): string {
  return `SLIPWAY_DS_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;
}

export interface Provisioned {
  /** datasources.yaml */
  file: string;
  /** Passwords the file names, from the entries' Secrets. */
  env: EnvVar[];
}

export function datasourcesFile(datasources: readonly DashboardDatasource[], interval: string): Provisioned {
  const env: EnvVar[] = [];
  const password = (d: DashboardDatasource) => {
    if (!d.connection.password) return {};
    const name = passwordEnvName(d.name);
    env.push({ name, secret: d.connection.password });
    return { secureJsonData: { password: `\${${name}}` } };
  };
  const firstPrometheus = datasources.find((d) => d.kind === 'prometheus');
  const list = datasources.map((d) => {
    const c = d.connection;
    const base = { name: d.name, type: DATASOURCE_TYPES[d.kind], uid: datasourceUid(d.name), access: 'proxy', orgId: 1, editable: false, isDefault: d === firstPrometheus };
    const http = `${c.tls ? 'https' : 'http'}://${c.host}:${c.port}`;
    switch (d.kind) {
      case 'prometheus':
        return { ...base, url: http, jsonData: { httpMethod: 'POST', timeInterval: interval } };
      case 'loki':
        return { ...base, url: http, jsonData: { maxLines: 1000 } };
      case 'postgresql':
        return {
          ...base,
          url: `${c.host}:${c.port}`,
          user: c.user ?? '',
          jsonData: { database: c.database ?? '', sslmode: c.tls ? 'require' : 'disable' },
          ...password(d),
        };
      case 'clickhouse':
        // The HTTP interface: the port the entry's connection hands its users (8123, or 8443 with TLS).
        return {
          ...base,
          jsonData: { host: c.host, port: c.port, protocol: 'http', secure: c.tls, username: c.user ?? '', defaultDatabase: c.database ?? 'default' },
          ...password(d),
        };
    }
  });
  // prune: a datasource that leaves the stack leaves Grafana too.
  return { file: stringify({ apiVersion: 1, prune: true, datasources: list }), env };
}

/** The dashboard provider: the JSON files of one folder, read-only in the UI (the ConfigMap is the source). */
export function dashboardProviderFile(path: string, folder: string): string {
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: 'slipway',
        orgId: 1,
        folder,
        folderUid: 'slipway',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  });
}
