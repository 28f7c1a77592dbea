/**
 * Every diagnostic code slipway emits, with one line on what it means. Codes are part of the public contract
 * (`-o json`, CI scripts match on them), so a new one is added here first; a unit test fails on any `code:`
 * literal in src/ that is missing, and docs/rules.md is written from this table and the rule registry.
 */

/** Where a code comes from: the stage that finds it. `rule` codes are the ids of the named rules (rules/). */
export type CodeStage = 'load' | 'schema' | 'rule' | 'resolve' | 'lint' | 'import' | 'command';

export interface CodeDoc {
  stage: CodeStage;
  /** One line: what the diagnostic says is wrong. */
  description: string;
}

export const CODES = {
  // load: the file and its YAML
  'yaml-syntax': { stage: 'load', description: 'The file is not valid YAML' },
  'duplicate-key': { stage: 'load', description: 'A key appears twice in one YAML map' },
  'not-a-map': { stage: 'load', description: 'The file is not a YAML map (a stack starts with `name:`)' },
  'control-character': { stage: 'load', description: 'The file contains a control character (only tab, newline and carriage return are text)' },
  'invalid-utf8': { stage: 'load', description: 'The file is not valid UTF-8 (the first bad byte is located)' },

  // schema: the shape of the stack
  'unknown-key': { stage: 'schema', description: 'A key the schema does not know at this place (often a typo)' },
  'invalid-key': { stage: 'schema', description: 'A key that is not allowed in this map, with the reason' },
  'infra-option-name': { stage: 'schema', description: "A setting name in an infra entry's options that is a near miss of a known one (e.g. a PostgreSQL GUC)" },
  'missing-key': { stage: 'schema', description: 'A required key is missing' },
  'invalid-value': { stage: 'schema', description: 'A value outside the allowed set' },
  'out-of-range': { stage: 'schema', description: 'A number outside its bounds (e.g. replicas above 1000, a port above 65535, an int32 field)' },
  'wrong-type': { stage: 'schema', description: 'A value of the wrong type (e.g. a list where a map belongs)' },
  'invalid-format': { stage: 'schema', description: 'A string that does not match the format its field requires' },
  'invalid-use': { stage: 'schema', description: 'A `uses` entry that is neither a name nor a map with exactly one name' },
  'context-with-clusters': { stage: 'schema', description: 'An environment naming a context and clusters (each cluster names its own context)' },
  'duplicate-cluster-context': { stage: 'schema', description: 'Two clusters of one environment on the same kube context' },
  'no-clusters': { stage: 'schema', description: 'An environment with an empty clusters map' },

  // rules: named checks on each environment's stack (rules/spec)
  'invalid-name': { stage: 'rule', description: 'A name that is not a valid Kubernetes name' },
  'name-too-long': { stage: 'rule', description: 'A service name that is too long once stamped with its tenant and shard' },
  'invalid-port-name': { stage: 'rule', description: 'A port name that is not an IANA service name' },
  'invalid-env-name': { stage: 'rule', description: 'An env var name Kubernetes rejects' },
  'duplicate-name': { stage: 'rule', description: 'A name used by both a service and an infra entry' },
  'duplicate-tenant': { stage: 'rule', description: 'A tenant listed twice' },
  'duplicate-shard': { stage: 'rule', description: 'A shard listed twice' },
  'port-clash': { stage: 'rule', description: 'Two ports of a service with one container port number' },
  'ingress-clash': { stage: 'rule', description: 'Two services or infra entries routing the same ingress host and path' },
  'no-tenants': { stage: 'rule', description: 'A perTenant service in a stack without tenants' },
  'cron-needs-schedule': { stage: 'rule', description: 'A kind: cron service without a schedule' },
  'schedule-not-cron': { stage: 'rule', description: 'A schedule on a service that is not kind: cron' },
  'ports-not-allowed': { stage: 'rule', description: 'Ports on a worker, cron or job' },
  'replicas-not-allowed': { stage: 'rule', description: 'Replicas on an agent (one pod per node)' },
  'ingress-needs-port': { stage: 'rule', description: 'An ingress on a service without ports' },
  'probe-action': { stage: 'rule', description: 'A probe with none or several of http, tcp, grpc and exec, or headers on a probe that is not http' },
  'prestop-exceeds-grace': { stage: 'rule', description: 'A preStop sleep as long as the grace period or longer, which leaves the app no time to stop' },
  'node-ports': { stage: 'rule', description: 'nodePorts on a ClusterIP Service, or one node port claimed twice in the stack' },
  'autoscale-not-allowed': { stage: 'rule', description: 'Autoscale on a cron, job or agent (only Deployments scale)' },
  'autoscale-bounds': { stage: 'rule', description: 'An autoscale range with min above max, or without a cpu or memory target' },
  'replicas-with-autoscale': { stage: 'rule', description: 'replicas beside autoscale (warning: the autoscaler owns the count)' },
  'volume-access-mode': { stage: 'rule', description: 'A volume one node attaches, mounted by several pods (replicas, autoscale, agent, or shared)' },
  'shared-volume-mismatch': { stage: 'rule', description: 'A shared volume with a different size, storage class or access mode in two services' },
  'volume-path-clash': { stage: 'rule', description: 'A volume mounted where a file, writable dir or other volume already is' },
  'disruption-blocks-eviction': { stage: 'rule', description: 'A disruption budget with both bounds, or one that lets no pod be evicted' },
  'allow-peer': { stage: 'rule', description: 'An allow: entry without exactly one of from and to, or naming no service or internal infra of the stack' },
  'invalid-cidr': { stage: 'rule', description: 'A CIDR (allow: peer, external.cidr, network.apiServer.cidr) the NetworkPolicy API refuses' },
  'external-needs-host': { stage: 'rule', description: 'External infra that does not say where its server is' },
  'external-needs-secret': { stage: 'rule', description: 'External infra that needs a password but names no Secret for it' },
  'replicas-unsupported': { stage: 'rule', description: 'Internal infra with more replicas than its catalog entry supports' },
  'no-own-database': { stage: 'rule', description: 'An own database asked of infra that cannot provide one' },
  'secret-shape': { stage: 'rule', description: 'A generated key with options of two shapes, or derived from a key its Secret does not generate (or from itself)' },
  'database-is-admin': { stage: 'rule', description: "An own database named like its infra's admin user" },
  'replicas-quorum': { stage: 'rule', description: 'Internal quorum infra (kafka) with a replica count that adds no failure tolerance (kafka: 1, 3 or 5)' },
  'replicas-need-coordinator': { stage: 'rule', description: 'Internal infra with replicas that replicate through another entry the stack does not name (clickhouse without options.keeper)' },
  'image-variant': { stage: 'rule', description: 'Internal infra on an image tag variant whose user slipway cannot know or run (e.g. mysql -debian)' },
  'reserved-name': { stage: 'rule', description: 'An internal SQL user or (own) database named like one the server reserves (root, mysql, postgres, template0, pg_*, …)' },
  'sql-name-length': { stage: 'rule', description: 'An internal SQL user or database name longer than the server allows (mysql users 32, databases 64; postgresql 63)' },
  // rules: what the API server (or, for warnings, the image pull) would refuse
  'invalid-schedule': { stage: 'rule', description: 'A cron schedule the CronJob API does not parse' },
  'invalid-ingress-host': { stage: 'rule', description: 'An ingress host the Ingress API refuses (scheme, port, path, upper case, IP, misplaced wildcard)' },
  'invalid-secret-name': { stage: 'rule', description: 'A Secret name that is not a DNS-1123 subdomain, or a key that is not a valid data key' },
  'invalid-label': { stage: 'rule', description: 'A label key that is not a qualified name, or a value that is not a valid label value' },
  'invalid-annotation': { stage: 'rule', description: 'An annotation key that is not a qualified name' },
  'annotations-too-large': { stage: 'rule', description: 'Annotations of one object over the API size limit (less what slipway adds)' },
  'invalid-node-selector': { stage: 'rule', description: 'A nodeSelector key or value that is not valid label syntax' },
  'invalid-toleration': { stage: 'rule', description: 'A toleration the API refuses (bad key or value, a value with Exists, no key without Exists)' },
  'request-above-limit': { stage: 'rule', description: 'A cpu or memory request above its limit, counting profile defaults' },
  'invalid-image': { stage: 'rule', description: 'An image with leading or trailing whitespace (the API server refuses its pods)' },
  'image-reference': { stage: 'rule', description: 'An image that is not a well-formed reference, after interpolation (warning: the pull fails)' },
  'duplicate-use': { stage: 'rule', description: "A dependency named twice in one service's uses" },
  'file-on-writable-path': { stage: 'rule', description: 'A config file mounted at a path that is also writable' },
  'config-too-large': { stage: 'rule', description: "A service's files over the 1 MiB a ConfigMap holds" },

  // resolve: what makes resolving impossible
  'unknown-infra-type': { stage: 'resolve', description: 'An infra `type:` the catalog does not have' },
  'observability-infra': { stage: 'resolve', description: 'A part of observability: names an infra entry that is missing or of another type, or the stack has none (or several) of the type it needs' },
  'observability-mode': { stage: 'resolve', description: 'observability.metrics without a mode (operator or prometheus) after the environment is applied' },
  'observability-needs-metrics': { stage: 'resolve', description: 'Alert rules without observability.metrics: nothing would evaluate them' },
  'internal-only': { stage: 'resolve', description: 'An infra entry that only runs inside the stack (a node log agent) written as mode: external' },
  'scrape-job-clash': { stage: 'resolve', description: 'A scraped component is named like the scrape job of the kube-state-metrics the prometheus entry runs: Prometheus refuses two jobs of one name' },
  'infra-dependency': { stage: 'resolve', description: 'An infra entry names another infra entry (e.g. Nacos its MySQL) that is missing or of another type' },
  'infra-config-clash': { stage: 'resolve', description: "An infra env var, argument or file that the entry sets itself, or that is given twice (env/args/files and the entry's options)" },
  'quorum-budget': { stage: 'resolve', description: 'A disruption budget on a quorum (Kafka, ClickHouse Keeper) that lets more than one member go at once' },
  'infra-file-path': { stage: 'resolve', description: 'An infra `files:` name for an entry without a config directory (write an absolute path)' },
  'infra-config-file': { stage: 'resolve', description: 'An infra config file the server would refuse (e.g. ClickHouse XML that is not well-formed)' },
  'init-not-supported': { stage: 'resolve', description: '`init:` on infra that runs no init scripts (external, or a type other than postgresql, mysql, clickhouse)' },
  'init-script-source': { stage: 'resolve', description: 'An init script with both or neither of `file:` and `sql:`' },
  'init-needs-name': { stage: 'resolve', description: 'An init script without a usable name (inline scripts need `name:`)' },
  'init-duplicate-name': { stage: 'resolve', description: 'Two init scripts of one infra entry under the same name' },
  'init-unknown-database': { stage: 'resolve', description: "An init script's `database:` that the server does not have (not the main one, not an own database)" },
  'init-file-unreadable': { stage: 'resolve', description: 'An init script file that is missing or cannot be read (paths are relative to the stack file)' },
  'unknown-reference': { stage: 'resolve', description: 'A `${...}` reference to something that does not exist' },
  'unclosed-reference': { stage: 'resolve', description: 'A `${` without its closing `}` (`$${` writes a literal `${`)' },
  'secret-in-text': { stage: 'resolve', description: 'A secret referenced where it would be written in plain text (only env may hold one)' },
  'var-cycle': { stage: 'resolve', description: 'Vars that refer to each other in a cycle' },
  'value-too-long': { stage: 'resolve', description: 'A value expands (vars using vars) past 16 MiB, far beyond what any Kubernetes object can hold' },
  'unknown-dependency': { stage: 'resolve', description: 'A `uses` entry naming neither a service nor infra' },
  'ambiguous-dependency': { stage: 'resolve', description: 'A `uses` entry naming a stamped service without saying which copy' },
  'self-dependency': { stage: 'resolve', description: 'A service that uses itself' },
  'restart-with-unknown': { stage: 'resolve', description: 'A `restartWith` entry naming neither a service nor infra' },
  'restart-with-self': { stage: 'resolve', description: 'A component naming itself in `restartWith`' },
  'dependency-not-service': { stage: 'resolve', description: 'A `uses` entry naming a worker or cron, which has no address' },
  'dependency-without-ports': { stage: 'resolve', description: 'A `uses` entry naming a service without ports' },
  'uses-disabled': { stage: 'resolve', description: 'A `uses` entry naming a component disabled (`enabled: false`) in that environment' },
  'dependency-cycle': { stage: 'resolve', description: 'Services that wait for each other in a cycle' },
  'duplicate-env': { stage: 'resolve', description: 'Two dependencies, or a dependency and `env:`, setting the same env var' },
  'unknown-connection-key': { stage: 'resolve', description: 'A renamed connection key that the dependency does not offer' },
  'unknown-port': { stage: 'resolve', description: 'A probe or ingress naming a port the service does not have' },
  'probe-port': { stage: 'resolve', description: 'An http or tcp probe on a service without ports' },
  'infra-ingress': { stage: 'resolve', description: "An infra entry's ingress on a port the entry does not serve over HTTP (a database's), or on an external entry slipway does not run" },

  // lint: its config and inline ignores (findings of lint's rules carry the rule id as their code)
  'unknown-rule': { stage: 'lint', description: 'A lint config entry or an inline ignore naming no rule (with did-you-mean)' },
  'invalid-lint-config': { stage: 'lint', description: 'A lint config key or rule setting that is not allowed (exit 2)' },

  // import: reading a compose file
  'compose-invalid': { stage: 'import', description: 'import: the compose file breaks the Compose Specification (wrong type, unknown service, missing file)' },
  'compose-not-mapped': { stage: 'import', description: 'import: a compose setting a stack has no place for, with the reason (a note)' },
  'compose-review': { stage: 'import', description: 'import: mapped, but a human should check it (bind mounts, shell-provided values, secrets files)' },
  'compose-unset-variable': { stage: 'import', description: 'import: a ${VAR} that .env does not set; an empty string is written, as compose would' },

  // commands: how slipway was called, and the cluster
  'unknown-environment': { stage: 'command', description: 'An environment asked for that the stack does not define' },
  'unknown-cluster': { stage: 'command', description: 'A cluster asked for (--cluster) that the environment does not define' },
  'cluster-required': { stage: 'command', description: 'render -e of a multi-cluster environment without --cluster (each cluster renders its own objects)' },
  'clusters-failed': { stage: 'command', description: 'a command run on several clusters failed on some of them (each failure is reported with its cluster)' },
  usage: { stage: 'command', description: 'A command called wrongly, or a file it needs is missing or unreadable' },
  cluster: { stage: 'command', description: 'The cluster could not be reached or refused a request' },
  'preflight-namespace': { stage: 'command', description: 'up found the target namespace missing, with Secrets the stack needs that would have to be in it (exit 2, nothing written)' },
  'preflight-secret': { stage: 'command', description: 'up found a Secret the stack needs but does not generate missing from the namespace (exit 2, nothing written)' },
  'preflight-secret-key': { stage: 'command', description: 'up found a Secret the stack needs without a key it reads (exit 2, nothing written)' },
  'preflight-kind': { stage: 'command', description: 'up found a kind the render uses that the cluster does not serve: a missing CustomResourceDefinition (exit 2, nothing written)' },
  'topology-change': { stage: 'command', description: 'up found a change of a live instance that loses data or quorum (PostgreSQL one server <-> CloudNativePG, a Redis Sentinel or ClickHouse Keeper member count); --allow-topology-change applies it (exit 2, nothing written)' },
  'rollout-failed': { stage: 'command', description: 'up applied objects but a component did not become ready (exit 3)' },
  interrupted: { stage: 'command', description: 'up was interrupted (Ctrl-C or a signal) before the rollout finished (exit 3)' },
  'lock-lost': { stage: 'command', description: 'another run took the stack and environment lock mid-run; this run stopped writing (exit 3)' },
  'restart-protected': { stage: 'command', description: 'restart would restart a component marked protect: true and --force was not given (exit 2)' },
  'restart-failed': { stage: 'command', description: 'a restarted component did not become ready again; the components after it were not restarted (exit 3)' },
  'not-deployed': { stage: 'command', description: 'a day-2 command names a component whose objects are not in the cluster (run up first)' },
  'no-ready-pod': { stage: 'command', description: 'connect or exec found no ready pod of the component; the stall is explained as up would' },
  'run-failed': { stage: 'command', description: 'a Job started by `slipway run` failed (exit 1)' },
  filesystem: { stage: 'command', description: 'A file or directory slipway must read or write is unusable (path and cause given)' },
  internal: { stage: 'command', description: 'An unexpected error: a bug in slipway (exit 70, so CI tells it from findings)' },
} as const satisfies Readonly<Record<string, CodeDoc>>;

export type Code = keyof typeof CODES;
