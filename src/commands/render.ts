/** `slipway render`: the whole pipeline, load → validate → resolve → generate → emit. */
import type { Catalog } from '../catalog/catalog.js';
import type { GeneratedSecret } from '../model/generated-secret.js';
import { SlipwayError, userError } from '../diagnostics/errors.js';
import type { LoadedStack } from '../load/load-stack.js';
import type { K8sObject } from '../k8s/object.js';
import type { ResolvedStack } from '../model/resolved.js';
import { generate } from '../generate/generate.js';
import { applyRank } from '../k8s/kinds/index.js';
import { secretObject } from '../emit/secrets.js';
import { objectJson, toJson, toYaml } from '../emit/yaml.js';
import { objectFileName, type OutputFile } from '../emit/write-dir.js';
import { resolveStack } from '../resolve/resolve.js';
import { withRerun } from '../resolve/init-scripts.js';
import { targetKey, toDiagnostic, validateStack } from '../validate/validate.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { checkCluster, pickEnvironment } from './environment.js';
import { errorRules, lintGenerated } from '../lint/lint.js';

export interface RenderOptions {
  /** Environment to render. @default the only environment, else required */
  environment?: string;
  /** @default 'yaml' */
  format?: 'yaml' | 'json';
  /** Write generated credentials (derived from `secretKey`) into the output. @default 'omit' */
  secrets?: 'omit' | 'include';
  /** Key for generated credentials; required with secrets: 'include'. */
  secretKey?: Uint8Array;
  /** Render into this namespace instead of the environment's. */
  namespace?: string;
  /** One cluster of a multi-cluster environment. @default none: the environment without any cluster's overlay */
  cluster?: string;
  /** Init scripts to run again although another version was recorded: `<infra>/<script>` or `<infra>`. */
  rerunInit?: readonly string[];
  /** The catalog infra types come from, e.g. createCatalog([...builtinEntries, memcached]). @default builtinCatalog */
  catalog?: Catalog;
}

export interface RenderResult {
  resolved: ResolvedStack;
  objects: K8sObject[];
  /** The whole output as one text (multi-document YAML or a JSON List). */
  text: string;
  /** One file per object, named NN-kind-name.ext, for --out (computed on call); Secrets are marked. */
  files(): Map<string, OutputFile>;
  /** Generated Secrets left out of the output (secrets: 'omit'). */
  omittedSecrets: GeneratedSecret[];
}

export function renderStack(loaded: LoadedStack, opts: RenderOptions = {}): RenderResult {
  const environment = pickEnvironment(loaded.data, opts.environment);
  const catalog = opts.catalog ? { catalog: opts.catalog } : {};
  const validation = validateStack(loaded, { ...(environment ? { environments: [environment] } : {}), ...catalog });
  if (!validation.stack) throw new SlipwayError(validation.diagnostics);
  if (opts.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(opts.namespace)) throw userError(`namespace "${opts.namespace}" is not a valid Kubernetes name`, 'lowercase letters, digits and -');
  const cluster = checkCluster(loaded.data, environment, opts.cluster);
  const reused = opts.namespace === undefined ? validation.resolved?.get(targetKey(environment, cluster)) : undefined;
  const { stack: plain, issues } = reused
    ? { stack: reused, issues: [] }
    : resolveStack(validation.stack, environment, { ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(cluster !== undefined ? { cluster } : {}), ...(loaded.initFiles ? { initFiles: loaded.initFiles } : {}), ...catalog });
  // Only a namespace override resolves anew; what it finds is this environment's, located like validate's.
  const named = validation.stack.environments ? environment : undefined;
  if (!plain) throw new SlipwayError(sortDiagnostics(issues.map((i) => toDiagnostic(i, loaded.source, named, cluster))));
  const stack = withRerun(plain, opts.rerunInit ?? []);
  const generated = generate(stack, catalog);
  // What `lint` calls broken (error-level rules over the objects) never reaches a file or a cluster.
  const broken = lintGenerated(loaded, named, stack, generated, errorRules()).filter((d) => (d.severity ?? 'error') === 'error');
  if (broken.length) throw new SlipwayError(sortDiagnostics(broken));
  const include = opts.secrets === 'include';
  let objects = generated.objects;
  if (include) {
    if (!opts.secretKey) throw new Error('renderStack: secrets "include" needs a secretKey');
    const secrets = generated.secrets.map((s) => secretObject(stack.name, s, opts.secretKey!));
    const at = objects.findIndex((o) => applyRank(o.kind) > applyRank('Secret'));
    objects = [...objects.slice(0, at), ...secrets, ...objects.slice(at)];
  }
  const json = opts.format === 'json';
  const width = String(objects.length).length;
  const files = () => new Map(objects.map((o, i) => [`${objectFileName(o, i, width)}.${json ? 'json' : 'yaml'}`, { text: json ? objectJson(o) : toYaml([o]), secret: o.kind === 'Secret' }]));
  return {
    resolved: stack,
    objects,
    text: json ? toJson(objects) : toYaml(objects),
    files,
    omittedSecrets: include ? [] : generated.secrets,
  };
}
