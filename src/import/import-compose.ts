/**
 * `slipway import`: a compose project → a stack. Catalog servers become infra, the app's images services,
 * workers or jobs (a service others wait for with `service_completed_successfully` is a job: a migration), env
 * values that name other services become references and `uses`, healthchecks probes, profiles environments.
 * Pure apart from reading the files compose itself reads (.env, env_file, bind-mounted files, configs).
 */
import { recognizeImage, type Recognized } from '../analyze/recognize.js';
import type { Catalog } from '../catalog/catalog.js';
import { builtinCatalog } from '../catalog/builtin.js';
import { draftYaml, type DraftComment } from '../emit/draft-yaml.js';
import { DEFAULT_ENVIRONMENT } from '../resolve/merge-environment.js';
import { isRaw, type ComposeProject, type Raw } from './compose-project.js';
import { healthOf, type Health } from './health.js';
import { mapInfra, type InfraDraft } from './map-infra.js';
import { PULL_POLICY, fileContent, healthSpec, kindFields, literal, notMappedKeys, portNames, resourcesOf, storageOf, uidOf, type AppKind } from './map-service.js';
import { commandOf, dependsOnOf, environmentOf, mountsOf, portsOf, seconds, type EnvValue, type MountSpec, type PortSpec } from './normalize.js';
import { defaultEnv, referencedPorts, wireEnv, type Target } from './wiring.js';

interface App {
  name: string;
  svc: Raw;
  env: Map<string, EnvValue>;
  ports: PortSpec[];
  health?: Health;
  mounts: MountSpec[];
  kind: AppKind;
}

/** Ports web clients use, named `http` when nothing else names them. */
const WEB_PORTS = new Set([80, 3000, 4000, 5000, 8000, 8080, 8081, 8888, 9000]);

const stackNameOf = (project: string) => project.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'imported';
const secretKey = (env: string) => env.toLowerCase().replace(/_/g, '-');

export function importCompose(project: ComposeProject, catalog: Catalog = builtinCatalog): string {
  const { notes } = project;
  const infra = new Map<string, InfraDraft>();
  const apps: App[] = [];
  const dropped = new Set<string>();
  const recognized = new Map<string, Recognized | undefined>();
  for (const [name, svc] of project.services) {
    const image = typeof svc.image === 'string' ? svc.image : undefined;
    if (!image && svc.build === undefined) notes.error(['services', name], `service "${name}" has neither image nor build`, 'add image: (or build:)', true);
    recognized.set(name, image ? recognizeImage(image, catalog) : undefined);
  }
  const families = new Map([...recognized].map(([n, r]) => [n, r?.family]));
  const depends = new Map(project.services.map(([n, s]) => [n, dependsOnOf(s, ['services', n], notes)]));
  // Kafka from the catalog runs in KRaft mode: a ZooKeeper only Kafka uses is not needed.
  for (const [name] of project.services) {
    if (families.get(name) !== 'zookeeper') continue;
    const users = [...depends].filter(([, list]) => list.some((d) => d.name === name)).map(([n]) => n);
    if (users.every((u) => families.get(u) === 'kafka')) {
      dropped.add(name);
      notes.notMapped(['services', name], `${name}: not imported: the catalog's Kafka runs in KRaft mode and needs no ZooKeeper`);
    }
  }
  const jobs = new Set([...depends.values()].flatMap((list) => list.filter((d) => d.condition === 'service_completed_successfully').map((d) => d.name)));

  for (const [name, svc] of project.services) {
    if (dropped.has(name)) continue;
    const base = ['services', name];
    const env = environmentOf(svc, base, project);
    const family = families.get(name);
    if (family && recognized.get(name)?.catalog && !jobs.has(name)) {
      infra.set(name, mapInfra(name, catalog.entry(family)!, svc, env, commandOf(svc.command, [...base, 'command'], notes), notes));
      continue;
    }
    if (family && !recognized.get(name)?.catalog) {
      notes.review(base, `${name}: ${family} has no catalog entry yet: it runs as a service from its image, without the catalog's data handling`);
    }
    apps.push({ name, svc, env, ports: portsOf(svc, base, notes), health: healthOf(svc.healthcheck, [...base, 'healthcheck'], notes), mounts: mountsOf(svc, base, notes), kind: jobs.has(name) ? 'job' : 'service' });
  }

  // Ports other services reach and healthchecks probe are ports of the service, even when compose never listed them.
  const appByName = new Map(apps.map((a) => [a.name, a]));
  const httpPorts = new Map<string, Set<number>>();
  const addPort = (app: App, port: number, path: PortSpec['path']) => {
    if (!app.ports.some((p) => p.target === port)) app.ports.push({ target: port, protocol: 'TCP', path });
  };
  const everyone = new Map<string, Target>([...apps.map((a): [string, Target] => [a.name, { name: a.name, kind: 'service', ports: new Map() }]), ...[...infra.keys()].map((n): [string, Target] => [n, { name: n, kind: 'infra', ports: new Map() }])]);
  for (const a of apps) {
    for (const [k, v] of a.env) {
      for (const [host, port] of referencedPorts(k, v.value ?? '', everyone)) {
        const t = appByName.get(host);
        if (!t || t === a) continue;
        addPort(t, port, v.path);
        if (/https?:\/\//.test(v.value ?? '')) (httpPorts.get(host) ?? httpPorts.set(host, new Set()).get(host)!).add(port);
      }
    }
    if (a.health?.readiness.http !== undefined && a.health.readiness.port !== undefined) {
      addPort(a, a.health.readiness.port, ['services', a.name, 'healthcheck']);
      (httpPorts.get(a.name) ?? httpPorts.set(a.name, new Set()).get(a.name)!).add(a.health.readiness.port);
    }
  }
  const targets = new Map<string, Target>();
  const names = new Map<string, Map<number, string>>();
  for (const a of apps) {
    if (a.kind !== 'job') a.kind = a.ports.length ? 'service' : 'worker';
    if (a.kind === 'job' && a.ports.length) notes.notMapped(['services', a.name, 'ports'], `${a.name}: ports are dropped: it runs to completion as a job`);
    const web = new Set([...(httpPorts.get(a.name) ?? []), ...a.ports.map((p) => p.target).filter((p) => WEB_PORTS.has(p))]);
    const n = portNames(a.kind === 'service' ? a.ports : [], web);
    names.set(a.name, n);
    targets.set(a.name, { name: a.name, kind: a.kind, ports: n });
  }
  for (const [n, d] of infra) targets.set(n, { name: n, kind: 'infra', type: String(d.spec.type), entry: catalog.entry(String(d.spec.type))!, ports: new Map(), creds: d.creds });

  const volumeUsers = new Map<string, number>();
  for (const a of apps) for (const m of a.mounts) if (m.type === 'volume') volumeUsers.set(m.source!, (volumeUsers.get(m.source!) ?? 0) + 1);

  const services: Record<string, Record<string, unknown>> = {};
  const comments: DraftComment[] = [];
  const secrets: Record<string, { generate: string[] }> = {};
  const profiles = new Map<string, string[]>();
  for (const a of apps) {
    const base = ['services', a.name];
    const todo: string[] = [];
    const spec: Record<string, unknown> = kindFields(a.kind);
    const image = typeof a.svc.image === 'string' ? a.svc.image : `${project.name.toLowerCase()}-${a.name}`;
    spec.image = image;
    if (a.svc.build !== undefined) todo.push(`compose builds this image${typeof a.svc.image === 'string' ? '' : ` (named ${image} by compose)`}: push it to a registry the cluster pulls from and pin its tag`);
    const command = commandOf(a.svc.entrypoint, [...base, 'entrypoint'], notes);
    const args = commandOf(a.svc.command, [...base, 'command'], notes);
    if (command) spec.command = command.map(literal);
    if (args) spec.args = args.map(literal);
    if (typeof a.svc.working_dir === 'string') spec.workingDir = a.svc.working_dir;
    const portNamesOf = names.get(a.name)!;
    if (a.kind === 'service') spec.ports = Object.fromEntries(a.ports.map((p) => [portNamesOf.get(p.target)!, p.protocol === 'UDP' ? { port: p.target, protocol: 'UDP' } : p.target]));
    for (const p of a.ports) if (p.published) notes.notMapped(p.path, `${a.name}: published on the host as ${p.published}: reach it with kubectl port-forward, or add ingress:`);

    for (const [k, v] of a.env) if (v.value === undefined) notes.review(v.path, `${a.name}: ${k} takes its value from the shell running compose: set it in the stack`);
    const wired = wireEnv(new Map([...a.env].map(([k, v]) => [k, v.value === undefined ? undefined : literal(v.value)])), targets, a.name);
    // Literal `${` was escaped above; references wiring wrote are unescaped again.
    const env: Record<string, string> = Object.fromEntries(wired.env.map(([k, v]) => [k, v.replace(/\$\$\{((?:infra|services)\.[^}]+)\}/g, '${$1}')]));
    if (wired.secrets.length) {
      const secretName = `${a.name}-secrets`;
      secrets[secretName] = { generate: wired.secrets.map(secretKey) };
      for (const k of wired.secrets) env[k] = `\${secrets.${secretName}.${secretKey(k)}}`;
      todo.push(`${wired.secrets.join(', ')}: slipway generates ${wired.secrets.length > 1 ? 'these values' : 'this value'}; if one must be a credential issued elsewhere, make ${secretName} existing: true and create it`);
    }
    todo.push(...wired.review);
    if (Object.keys(env).length) spec.env = Object.fromEntries(a.env.size ? [...a.env.keys()].filter((k) => k in env).map((k) => [k, env[k]!]) : []);

    const uses = new Map(wired.uses);
    for (const d of depends.get(a.name) ?? []) {
      if (dropped.has(d.name)) continue;
      const t = targets.get(d.name);
      if (!t) notes.error(d.path, `${a.name} depends on "${d.name}", which is not a service of this file`, 'fix the name, or remove the dependency');
      else if (t.kind === 'worker') notes.notMapped(d.path, `${a.name}: the dependency on ${d.name} is not kept: ${d.name} is a worker (no ports), and slipway starts workers without an order`);
      else if (!uses.has(d.name)) uses.set(d.name, new Set(Object.entries(defaultEnv(t)).filter(([, v]) => v in env).map(([k]) => k)));
    }
    if (uses.size) {
      spec.uses = [...uses].map(([t, drop]) => (drop.size ? { [t]: { env: Object.fromEntries([...drop].sort().map((k) => [k, null])) } } : t));
    }
    const written = (isRaw(a.svc.deploy) ? a.svc.deploy.replicas : undefined) ?? a.svc.scale;
    const replicas = written === undefined ? 1 : Number(written);
    if (written !== undefined && !Number.isInteger(replicas)) notes.error(isRaw(a.svc.deploy) && a.svc.deploy.replicas !== undefined ? [...base, 'deploy', 'replicas'] : [...base, 'scale'], 'replicas must be a whole number', 'e.g. deploy: {replicas: 2}');
    else if (written !== undefined && a.kind !== 'job') spec.replicas = replicas;
    const resources = resourcesOf(a.svc);
    if (resources) spec.resources = resources;
    const health = a.kind === 'service' || a.health?.readiness.exec ? healthSpec(a.health, portNamesOf) : undefined;
    if (health && a.kind !== 'job') spec.health = health;
    Object.assign(spec, storageOf(a.name, a.mounts, volumeUsers, replicas, project, todo));
    configsOf(a, project, spec);
    if (a.svc.read_only !== 'true') spec.readOnlyRootFilesystem = false;
    const uid = uidOf(a.svc.user);
    if (typeof uid === 'number' && uid > 0) spec.user = uid;
    else if (a.svc.user !== undefined) todo.push(`compose ran it as user "${String(a.svc.user)}": slipway runs a numeric non-root UID; set user: to the image's UID`);
    else todo.push('compose ran the image as its own user: slipway runs UID 10001 unless user: names the image\'s UID; list the paths it writes under writable: and drop readOnlyRootFilesystem: false');
    const grace = seconds(a.svc.stop_grace_period);
    if (grace !== undefined) spec.gracePeriod = grace;
    const pull = PULL_POLICY[String(a.svc.pull_policy ?? '')];
    if (pull) spec.pullPolicy = pull;
    if (Array.isArray(a.svc.secrets)) notes.review([...base, 'secrets'], `${a.name}: compose mounts secrets as files under /run/secrets; a stack passes secrets as env: declare each under secrets: (existing: true) and reference it from env`);
    if (Array.isArray(a.svc.profiles) && a.svc.profiles.length) {
      spec.enabled = false;
      for (const p of a.svc.profiles.map(String)) profiles.set(p, [...(profiles.get(p) ?? []), a.name]);
    }
    if (isRaw(a.svc.deploy)) for (const k of Object.keys(a.svc.deploy)) if (!['replicas', 'resources'].includes(k)) notes.notMapped([...base, 'deploy', k], `${a.name}: deploy.${k} is not mapped`);
    notMappedKeys(a.name, a.svc, project);
    services[a.name] = spec;
    comments.push({ path: ['services', a.name], lines: todo });
  }

  const infraOut: Record<string, unknown> = {};
  for (const [n, d] of infra) {
    const resources = resourcesOf(Object.fromEntries(project.services)[n]!);
    infraOut[n] = resources ? { ...d.spec, resources } : d.spec;
    comments.push({ path: ['infra', n], lines: d.todo });
  }
  for (const key of Object.keys(project.data)) {
    if (!['name', 'services', 'volumes', 'secrets', 'configs', 'networks', 'version'].includes(key) && !key.startsWith('x-')) notes.notMapped([key], `${key}: is not mapped`);
  }
  if (project.data.version !== undefined) notes.notMapped(['version'], 'version: is obsolete in the Compose Specification and ignored');

  const body: Record<string, unknown> = { name: stackNameOf(project.name) };
  if (Object.keys(services).length) body.services = services;
  if (Object.keys(infraOut).length) body.infra = infraOut;
  if (Object.keys(secrets).length) body.secrets = secrets;
  if (profiles.size) {
    body.environments = Object.fromEntries([[DEFAULT_ENVIRONMENT, {}], ...[...profiles].sort(([a], [b]) => a.localeCompare(b)).map(([p, list]) => [p, { services: Object.fromEntries(list.map((s) => [s, { enabled: true }])) }])]);
    comments.push({ path: ['environments'], lines: [`compose profiles became environments: \`slipway up -e <profile>\` runs a profile's services with the rest; ${DEFAULT_ENVIRONMENT} runs what compose runs without --profile`] });
  }
  const header = ` Stack imported from ${project.file.split('/').pop()} by \`slipway import\`. Review every TODO, then \`slipway validate\`.`;
  return draftYaml(body, header, comments);
}

/** Compose configs a service mounts become files: (content written inline, or read from the file named). */
function configsOf(a: App, project: ComposeProject, spec: Record<string, unknown>): void {
  if (!Array.isArray(a.svc.configs)) return;
  const declared = isRaw(project.data.configs) ? project.data.configs : {};
  const files = (spec.files ?? {}) as Record<string, string>;
  a.svc.configs.forEach((c, i) => {
    const path = ['services', a.name, 'configs', i];
    const source = isRaw(c) ? String(c.source ?? '') : String(c);
    const target = isRaw(c) && typeof c.target === 'string' ? c.target : `/${source}`;
    const def = declared[source];
    if (!isRaw(def)) return void project.notes.error(path, `config "${source}" is not declared under the top-level configs:`, 'declare it: configs: {name: {file: ./path}}');
    const content = typeof def.content === 'string' ? { text: def.content } : typeof def.file === 'string' ? fileContent(project, def.file) : { why: 'only file: and content: configs can be copied' };
    if ('why' in content) project.notes.review(path, `${a.name}: config ${source} is not mapped: ${content.why}`);
    else files[target.startsWith('/') ? target : `/${target}`] = literal(content.text);
  });
  if (Object.keys(files).length) spec.files = files;
}
