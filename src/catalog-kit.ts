/**
 * `slipway/catalog-kit`: everything a catalog entry outside this repository needs — defineCatalogEntry, the
 * hardened builders the built-in entries use (StatefulSet with its Services, provisioning Job, credentials
 * Secret, waits, probes, security contexts) and TypeBox for the entry's options schema. docs/catalog-kit.md
 * walks through an entry; test/fixtures/catalog-kit-entry is one written against this module alone.
 */
export { Type, type Static, type TObject } from '@sinclair/typebox';
export { defineCatalogEntry, type CatalogEntryDefinition, type InfraOf } from './catalog/define.js';
export { createCatalog, type Catalog } from './catalog/catalog.js';
export { builtinCatalog, builtinEntries } from './catalog/builtin.js';
export type { CatalogContext, CatalogEntry, CatalogOutput, Container, GeneratedSecret, ImageMatch, InfraDependency } from './catalog/contract.js';
export type { Connection, EnvVar, ResolvedInfra, SecretRef } from './model/resolved.js';
export {
  credentialsSecret,
  credentialsSecretName,
  databasePasswordEnv,
  databaseSecrets,
  endpoint,
  headlessName,
  infraLabels,
  passwordRef,
  placementSpec,
  podHost,
  portProbe,
  provisionJob,
  provisionJobName,
  retryLoop,
  serverObjects,
  serviceHost,
  shellQuote,
  sqlConnection,
  SQL_ENV,
  type ProvisionSpec,
  type ServerPort,
  type ServerSpec,
} from './catalog/common.js';
export { sqlServer, type SqlServerDefinition, type SqlUrlParts } from './catalog/sql-server.js';
export { BUSYBOX_IMAGE, tcpWait, WAIT_UID, waitContainer, type WaitSpec } from './catalog/wait.js';
export { imageUserOf, runAs, tagOf, type ImageUser, type TagVariant } from './catalog/image-user.js';
export type { SqlNames } from './catalog/sql-names.js';
export type { ConfigArgs, ConfigEnv, ConfigFile, ConfigPath, FileProblem, InfraConfig, OptionProblem } from './catalog/infra-config.js';
export { officialName, repositoryOf } from './catalog/image-repository.js';
export { DEFAULT_EXTERNAL, EXTERNAL_FIELDS, externalSchema } from './catalog/external-schema.js';
export { execProbe } from './generate/probes.js';
export { containerSecurityContext, podSecurityContext } from './generate/security.js';
export { k8sEnv } from './generate/pod/env.js';
