/**
 * defineCatalogEntry: an entry written with only what differs from the common case. The defaults are the
 * ones most servers share (one replica, password-protected, no own databases, recognised by the official
 * image's name), and `options` is typed from the entry's own TypeBox schema.
 */
import type { Static, TObject } from '@sinclair/typebox';
import type { Connection, ResolvedInfra } from '../model/resolved.js';
import type { CatalogContext, CatalogEntry, CatalogOutput, Container, ImageMatch, InfraDependency } from './contract.js';
import { officialName } from './image-repository.js';
import type { InfraConfig, OptionProblem } from './infra-config.js';

/** An instance of an entry, its options checked against the entry's schema and completed with its defaults. */
export type InfraOf<O extends TObject> = ResolvedInfra & { readonly options: Static<O> };

type Defaulted = 'supportsDatabases' | 'needsPassword' | 'maxReplicas' | 'recognize' | 'clientImage' | 'connection' | 'internal' | 'wait' | 'options' | 'dependsOn' | 'config' | 'checkOptions';

/** What an entry author writes; see docs/catalog-kit.md. */
export interface CatalogEntryDefinition<O extends TObject = TObject> extends Omit<CatalogEntry, Defaulted> {
  /** @default false */
  readonly supportsDatabases?: boolean;
  /** @default true */
  readonly needsPassword?: boolean;
  /** @default 1 */
  readonly maxReplicas?: number;
  /** Schema of `infra.<name>.options`; `default` values in it fill what the stack leaves out. @default no options */
  readonly options?: O;
  /**
   * Repositories (lowercase, no registry host, no `library/`) of other builds of the same server that analyze
   * and import map onto this entry (e.g. /^(mariadb|percona-server)$/). The official `image` always matches.
   */
  readonly alsoRecognizes?: RegExp;
  /** Replaces the default recognition (official image, then alsoRecognizes). */
  recognize?(image: string): ImageMatch | undefined;
  /** @default the instance's image when internal, else `<image>:<defaultVersion>` */
  clientImage?(infra: InfraOf<O>): string;
  connection(infra: InfraOf<O>, ctx: CatalogContext, database?: string): Connection;
  internal(infra: InfraOf<O>, ctx: CatalogContext): CatalogOutput;
  wait(infra: InfraOf<O>, conn: Connection, ctx: CatalogContext): Container;
  dependsOn?(infra: InfraOf<O>, ctx?: CatalogContext): InfraDependency[];
  /** Env, arguments and files the options turn into; slipway mounts and checks them (docs/infra-config.md). */
  config?(infra: InfraOf<O>): InfraConfig;
  checkOptions?(options: Static<O>): OptionProblem[];
}

type JsonObjectSchema = { properties?: Record<string, { default?: unknown; properties?: unknown }> };

/**
 * `value` with the `default` of every property it leaves out, nested objects included. Written against the JSON
 * Schema rather than with TypeBox's Value module, which would add its load time to every run of the CLI.
 */
export function withDefaults(schema: JsonObjectSchema, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (out[key] === undefined && prop.default !== undefined) out[key] = structuredClone(prop.default);
    const v = out[key];
    if (prop.properties && v && typeof v === 'object' && !Array.isArray(v)) out[key] = withDefaults(prop as JsonObjectSchema, v as Record<string, unknown>);
  }
  return out;
}

/** The options of `infra` with the schema's defaults filled in (validation has already checked them). */
function withOptions<O extends TObject>(schema: O | undefined, infra: ResolvedInfra): InfraOf<O> {
  const given = infra.options ?? {};
  return { ...infra, options: (schema ? withDefaults(schema as JsonObjectSchema, given) : { ...given }) as Static<O> };
}

export function defineCatalogEntry<O extends TObject = TObject>(def: CatalogEntryDefinition<O>): CatalogEntry {
  const { alsoRecognizes, recognize, clientImage, connection, internal, wait, dependsOn, config, checkOptions, ...data } = def;
  const of = (infra: ResolvedInfra) => withOptions(def.options, infra);
  const entry: CatalogEntry = {
    supportsDatabases: false,
    needsPassword: true,
    maxReplicas: 1,
    ...data,
    recognize:
      recognize ??
      ((image) => {
        const repo = officialName(image);
        if (repo === def.image) return { official: true };
        return alsoRecognizes?.test(repo) ? { official: false } : undefined;
      }),
    clientImage: (infra) => (clientImage ? clientImage(of(infra)) : infra.mode === 'internal' ? infra.image : `${def.image}:${def.defaultVersion}`),
    connection: (infra, ctx, database) => connection(of(infra), ctx, database),
    internal: (infra, ctx) => internal(of(infra), ctx),
    wait: (infra, conn, ctx) => wait(of(infra), conn, ctx),
    ...(dependsOn ? { dependsOn: (infra: ResolvedInfra, ctx?: CatalogContext) => dependsOn(of(infra), ctx) } : {}),
    ...(config ? { config: (infra: ResolvedInfra) => config(of(infra)) } : {}),
    ...(checkOptions ? { checkOptions: (options: Readonly<Record<string, unknown>>) => checkOptions((def.options ? withDefaults(def.options as JsonObjectSchema, { ...options }) : { ...options }) as Static<O>) } : {}),
  };
  return Object.freeze(entry);
}
