/**
 * Checks of an internal instance's configuration (catalog/infra-config.ts) against what its entry renders by
 * itself: an env var or flag the entry sets would be overridden half-way (Kubernetes keeps the last duplicate env,
 * most servers the last flag) and break what slipway relies on, e.g. POSTGRES_PASSWORD or Redis' --requirepass.
 * The entry's objects are rendered once here for that, without the configuration.
 */
import type { V1Container } from '@kubernetes/client-node';
import type { CatalogContext, CatalogEntry } from '../catalog/contract.js';
import { configOf, filePath, flagsAt, flagsOf, isEmptyConfig, type ConfigPath } from '../catalog/infra-config.js';
import type { Issue } from '../diagnostics/issue.js';
import type { ResolvedInfra } from '../model/resolved.js';

interface Rendered {
  container?: V1Container;
  /** Mount paths of the server container; the data volume's first. */
  mounts: { path: string; data: boolean }[];
}

function rendered(entry: CatalogEntry, infra: ResolvedInfra, ctx: CatalogContext): Rendered {
  // Rendered as scraped (metrics: true), so the files and env of the metrics endpoint count as the entry's own
  // whether or not this environment scrapes the instance (the check runs before observability is resolved).
  const bare: ResolvedInfra = { ...infra, env: undefined, args: undefined, files: undefined, metrics: true } as ResolvedInfra;
  // A node agent's server is a DaemonSet (catalog/fluent-bit.ts), configured the same way (generate/infra-config.ts).
  const sts = entry.internal(bare, ctx).objects.find((o) => (o.kind === 'StatefulSet' || o.kind === 'DaemonSet') && o.metadata.name === infra.name) as
    | { spec?: { template?: { spec?: { containers?: V1Container[] } }; volumeClaimTemplates?: { metadata?: { name?: string } }[] } }
    | undefined;
  const container = sts?.spec?.template?.spec?.containers?.[0];
  const claims = new Set((sts?.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name));
  return { ...(container ? { container } : {}), mounts: (container?.volumeMounts ?? []).map((m) => ({ path: m.mountPath, data: claims.has(m.name) })) };
}

/** Issues of `infra`'s env, args and files; none when it has no configuration. */
export function infraConfigIssues(entry: CatalogEntry, infra: ResolvedInfra, ctx: CatalogContext): Issue[] {
  if (infra.mode !== 'internal') return [];
  const issues: Issue[] = [];
  const at = (p: ConfigPath, atKey = false): Pick<Issue, 'path' | 'atKey'> => ({ path: ['infra', infra.name, ...p], ...(atKey ? { atKey } : {}) });
  for (const key of Object.keys(infra.files ?? {})) {
    if (!filePath(key, entry.configDir)) {
      issues.push({
        code: 'infra-file-path',
        message: `"${key}" is not an absolute path, and ${entry.type} has no config directory to put it in`,
        hint: `write the path in the container, e.g. /etc/${entry.type}/${key}`,
        ...at(['files', key], true),
      });
    }
  }
  if (infra.args?.length && entry.argsRefused) {
    issues.push({ code: 'infra-config-clash', message: `${entry.type} takes no args`, hint: entry.argsRefused, ...at(['args'], true) });
  }
  const config = configOf(entry, infra);
  if (isEmptyConfig(config)) return issues;
  const own = rendered(entry, infra, ctx);
  if (!own.container) {
    // A third-party entry may run its server some other way; configuration would then reach nothing.
    const first = [...config.env.map((e) => e.at), ...config.args.map((a) => a.at), ...config.files.map((f) => f.at)][0] ?? [];
    return [...issues, { code: 'infra-config-clash', message: `${entry.type} "${infra.name}" runs no StatefulSet of slipway's (an operator or another mechanism runs it) for env, args or files to go to`, hint: "use what the entry's options offer (docs/infra-config.md), or remove this", ...at(first, true) }];
  }
  const ownEnv = new Set((own.container?.env ?? []).map((e) => e.name));
  const seenEnv = new Map<string, ConfigPath>();
  for (const e of config.env) {
    const earlier = seenEnv.get(e.name);
    if (ownEnv.has(e.name) || earlier) {
      const by = earlier ? `is already set by infra.${infra.name}.${earlier.join('.')}` : `is set by slipway's ${entry.type} entry itself`;
      // An option that becomes env (a Kafka property) is named as written, with the variable it turns into.
      const what = e.at[0] === 'options' ? `${String(e.at[e.at.length - 1])} (env ${e.name})` : `env ${e.name}`;
      const hint = earlier ? 'set it in one place only' : 'remove it here; docs/infra-config.md lists what each entry sets itself';
      issues.push({ code: 'infra-config-clash', message: `${what} ${by}`, hint, ...at(e.at, true) });
    }
    seenEnv.set(e.name, e.at);
  }
  const ownFlags = new Set(flagsOf([...(own.container?.command ?? []), ...(own.container?.args ?? [])]));
  const seenFlags = new Map<string, ConfigPath>();
  for (const a of config.args) {
    for (const { flag, index } of flagsAt(a.args)) {
      const earlier = seenFlags.get(flag);
      const reserved = entry.reservedFlags?.[flag];
      // A flag seen on the command line is named as such; reservedFlags covers the ones it cannot see (a script).
      if (ownFlags.has(flag) || earlier) {
        const by = earlier ? `is already given by infra.${infra.name}.${earlier.join('.')}` : `is set by slipway's ${entry.type} entry itself`;
        issues.push({ code: 'infra-config-clash', message: `argument ${flag} ${by}`, hint: earlier ? 'give it in one place only' : 'remove it here; slipway relies on its own value', ...at(a.at.length === 1 && a.at[0] === 'args' ? ['args', index] : a.at) });
      } else if (reserved) {
        issues.push({ code: 'infra-config-clash', message: `argument ${flag} is managed by slipway's ${entry.type} entry`, hint: `remove it: ${reserved}`, ...at(a.at.length === 1 && a.at[0] === 'args' ? ['args', index] : a.at) });
      }
      seenFlags.set(flag, a.at);
    }
  }
  const seenFiles = new Map<string, ConfigPath>();
  for (const f of config.files) {
    const mount = own.mounts.find((m) => m.path === f.path || (m.data && f.path.startsWith(`${m.path}/`)));
    const earlier = seenFiles.get(f.path);
    if (mount || earlier) {
      const why = earlier ? `is already given by infra.${infra.name}.${earlier.join('.')}` : mount?.data ? `is inside the data volume (${mount.path})` : `is mounted by slipway's ${entry.type} entry itself`;
      issues.push({ code: 'infra-config-clash', message: `file ${f.path} ${why}`, hint: 'choose another file name', ...at(f.at, true) });
    } else {
      const problem = entry.checkFile?.(f.path, f.content);
      if (problem) issues.push({ code: 'infra-config-file', message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}), ...at(f.at) });
    }
    seenFiles.set(f.path, f.at);
  }
  return issues;
}
