/**
 * Peer checks: kube-score over every rendered prod example. Findings are recorded (printed, and written to
 * test-results/peer-findings.json) for the lint work to drive to zero; checks that slipway's defaults
 * already guarantee must pass everywhere, so a regression in those defaults fails here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadStack } from '../../src/load/load-stack.js';
import { renderStack } from '../../src/commands/render.js';
import { ObjectIndex, type LabelSelector } from '../../src/lint/object-index.js';
import { operatorPodsSelected } from '../../src/rules/object/network-policy-selects-nothing.js';
import { STACKS } from '../stacks.js';
import { writeTemp } from '../cluster/kube.js';

/** kube-score checks that slipway's generator guarantees (grade 10 = OK). */
const GUARANTEED = [
  'container-resources',
  'container-image-tag',
  'container-security-context-privileged',
  'container-security-context-readonlyrootfilesystem',
  'deployment-pod-selector-labels-match-template-metadata-labels',
  'statefulset-pod-selector-labels-match-template-metadata-labels',
  'statefulset-has-servicename',
  'service-targets-pod',
  'ingress-targets-service',
  'cronjob-has-deadline',
  'stable-version',
  // The production profile's disruption budgets and infra anti-affinity (features/pdb.ts, generate/spread.ts).
  'deployment-has-poddisruptionbudget',
  'statefulset-has-poddisruptionbudget',
  'statefulset-has-host-podantiaffinity',
  // Replicated Deployments prefer separate nodes too, next to their topology spread (generate/spread.ts).
  'deployment-has-host-podantiaffinity',
  // The production profile's NetworkPolicies from the graph (features/network-policy.ts, features/default-deny.ts).
  'pod-networkpolicy',
  'networkpolicy-targets-pod',
  // Production pulls Always on every container slipway writes (generate/image-pull.ts): pull Secrets are checked
  // for every pod, and a re-pushed tag cannot run as different code on different nodes (model/profiles.ts).
  'container-image-pull-policy',
  // Every container slipway writes requests and limits ephemeral storage (profiles, generate/resources.ts).
  'container-ephemeral-storage-request-and-limit',
  // Autoscaled Deployments (cloudlens prod): the HPA targets its Deployment, which leaves replicas to it.
  'horizontalpodautoscaler-has-target',
  'deployment-targeted-by-hpa-does-not-have-replicas-configured',
];

/**
 * Every other finding kube-score may report on a prod example, with why slipway leaves it (and on which kinds it
 * may appear). Anything not listed here or in GUARANTEED fails the test: a new kind of finding needs a fix or a
 * reason.
 */
const INTENDED: Record<string, { kinds: readonly string[]; reason: string }> = {
  'container-security-context-user-group-id': {
    kinds: ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet'],
    reason:
      "a UID below 10000 is the image's own user, set with `user:` or by the catalog (postgres/mysql/redis 999, clickhouse 101, " +
      'kafka 1000, nginx-unprivileged 101, node 1000, grafana 472): the image owns its data and runtime paths for that user, so ' +
      'another UID breaks it (docs/image-audit.md). Stacks without `user:` run as 10001.',
  },
  'pod-probes-identical': {
    kinds: ['Deployment'],
    reason:
      'a service whose stack gives readiness and liveness the same endpoint, because the app exposes only one (FastAPI /health, ' +
      'Next.js /, Metabase /api/health, nginx /healthz); liveness tolerates longer. ' +
      'The catalog never does this: its liveness is a TCP connect.',
  },
  'deployment-replicas': {
    kinds: ['Deployment'],
    reason:
      "Kafka's exporter (catalog/kafka-metrics.ts): one copy reads the whole cluster, a second would report every series twice " +
      '(consumer lag summed double); its Deployment carries the ignore annotation for slipway lint\'s single-replica with that reason. ' +
      'Every other prod Deployment of the examples runs two or more (lint-examples.test.ts would fail on one).',
  },
  'pod-probes': {
    kinds: ['Deployment'],
    reason: 'a service whose stack declares no liveness probe: slipway never invents one, since a wrong liveness probe restarts healthy pods.',
  },
};

interface Check {
  check: { id: string };
  grade: number;
  skipped: boolean;
  comments: { summary: string }[] | null;
}
interface Scored {
  object_name: string;
  type_meta: { kind: string };
  checks: Check[];
}

test('kube-score over every prod example: guaranteed checks pass, every other finding is an intended one, findings recorded', (t) => {
  const version = spawnSync('kube-score', ['version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, 'kube-score is installed by scripts/testbin');
  const findings: Record<string, Record<string, number>> = {};
  for (const { name, file } of STACKS) {
    const rendered = renderStack(loadStack(file), { environment: 'prod' });
    const text = rendered.text;
    // NetworkPolicies of pods an operator makes from a custom resource (nova's CloudNativePG Cluster hands its
    // inheritedMetadata labels to them): kube-score sees no pod template for those pods, so it cannot find them.
    const ix = new ObjectIndex(rendered.objects);
    const operatorPolicies = new Set(
      ix.ofKind('NetworkPolicy')
        .filter((np) => operatorPodsSelected(ix, ix.namespaceOf(np), (np as { spec?: { podSelector?: LabelSelector } }).spec?.podSelector ?? {}))
        .map((np) => np.metadata.name),
    );
    const r = spawnSync('kube-score', ['score', '-o', 'json', writeTemp(`${name}.yaml`, text)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const scored = JSON.parse(r.stdout) as Scored[];
    assert.ok(scored.length > 0, `kube-score scored ${name}`);
    const counts: Record<string, number> = {};
    for (const o of scored) {
      for (const c of o.checks) {
        if (c.skipped || c.grade >= 10) continue;
        const what = `${name}: ${o.type_meta.kind}/${o.object_name} fails ${c.check.id}: ${c.comments?.map((x) => x.summary).join('; ')}`;
        if (c.check.id === 'networkpolicy-targets-pod' && o.type_meta.kind === 'NetworkPolicy' && operatorPolicies.has(o.object_name.split('/').pop()!)) continue;
        assert.ok(!GUARANTEED.includes(c.check.id), what);
        const intended = INTENDED[c.check.id];
        assert.ok(intended, `${what} — neither guaranteed nor listed as intended`);
        assert.ok(intended.kinds.includes(o.type_meta.kind), `${what} — intended only on ${intended.kinds.join(', ')}`);
        counts[c.check.id] = (counts[c.check.id] ?? 0) + 1;
      }
    }
    findings[name] = counts;
  }
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/peer-findings.json', `${JSON.stringify({ tool: version.stdout.trim(), findings }, null, 2)}\n`);
  t.diagnostic(`kube-score findings per prod example: ${JSON.stringify(findings)}`);
});

test('helm is available for chart checks and benchmarks', () => {
  const r = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^v3\./);
});
