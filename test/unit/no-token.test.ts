/**
 * "No service account token" on every workload: in every golden, no app container can read a token. A pod
 * mounts the kubelet's token only when its stack service set serviceAccountToken: true (its ServiceAccount then
 * says so too); a projected token volume is mounted only by the init containers that run `kubectl wait`; and
 * the Roles those use name exactly the Jobs they read. The exceptions are catalog servers that read the API by
 * design (Prometheus discovering the pods it scrapes, kube-state-metrics): their app container may read a token
 * only when every Role bound to its ServiceAccount just reads (get/list/watch) and never Secrets.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import jsyaml from 'js-yaml';
import type { V1Container, V1PodSpec, V1PolicyRule } from '@kubernetes/client-node';
import type { K8sObject } from '../../src/k8s/object.js';

const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function podSpecOf(o: K8sObject): V1PodSpec | undefined {
  const spec = o.spec as { template?: { spec?: V1PodSpec }; jobTemplate?: { spec?: { template?: { spec?: V1PodSpec } } } } | undefined;
  return spec?.jobTemplate?.spec?.template?.spec ?? spec?.template?.spec;
}

function tokenVolumes(pod: V1PodSpec): Set<string> {
  return new Set((pod.volumes ?? []).filter((v) => v.projected?.sources?.some((s) => s.serviceAccountToken) || v.secret?.secretName?.includes('token')).map((v) => v.name));
}

function readsToken(c: V1Container, tokens: Set<string>): boolean {
  return (c.volumeMounts ?? []).some((m) => tokens.has(m.name) || m.mountPath === TOKEN_DIR || TOKEN_DIR.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
}

const goldens = readdirSync('test/golden').flatMap((d) => readdirSync(join('test/golden', d)).map((f) => join('test/golden', d, f)));

for (const file of goldens) {
  test(`no token in app containers: ${file}`, () => {
    const objects = jsyaml.loadAll(readFileSync(file, 'utf8')) as K8sObject[];
    const asked = new Set(objects.filter((o) => o.kind === 'ServiceAccount' && o.automountServiceAccountToken === true).map((o) => o.metadata.name));
    const rolesOf = new Map<string, K8sObject[]>();
    for (const b of objects.filter((x) => x.kind === 'RoleBinding')) {
      const role = objects.find((r) => r.kind === 'Role' && r.metadata.name === (b.roleRef as { name: string }).name);
      for (const sub of (b.subjects ?? []) as { kind: string; name: string }[]) if (sub.kind === 'ServiceAccount' && role) rolesOf.set(sub.name, [...(rolesOf.get(sub.name) ?? []), role]);
    }
    const readOnly = (role: K8sObject) => (role.rules as V1PolicyRule[]).every((r) => r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)) && !(r.resources ?? []).includes('secrets') && !(r.resources ?? []).includes('*'));
    /** ServiceAccounts whose app containers read the API by design, bound to read-only Roles only. */
    // A Job-wait Role (it names its Jobs) marks a service's account, not a reader's: its app containers stay tokenless.
    const readers = new Set([...rolesOf].filter(([, roles]) => roles.every((r) => readOnly(r) && (r.rules as V1PolicyRule[]).every((x) => !x.resourceNames?.length))).map(([sa]) => sa));
    let pods = 0;
    for (const o of objects) {
      const pod = podSpecOf(o);
      if (!pod) continue;
      pods += 1;
      const where = `${o.kind}/${o.metadata.name}`;
      if (pod.automountServiceAccountToken !== false) {
        assert.ok(pod.serviceAccountName && asked.has(pod.serviceAccountName), `${where} mounts the ServiceAccount token though its service did not ask for one`);
      }
      const tokens = tokenVolumes(pod);
      const reader = readers.has(pod.serviceAccountName ?? '');
      for (const c of pod.containers) assert.ok(reader || !readsToken(c, tokens), `${where}: app container ${c.name} can read a token`);
      for (const c of pod.initContainers ?? []) {
        if (readsToken(c, tokens)) assert.equal(c.command?.slice(0, 2).join(' '), 'kubectl wait', `${where}: init container ${c.name} reads a token but is not a Job wait`);
      }
      for (const v of pod.volumes ?? []) {
        for (const s of v.projected?.sources ?? []) if (s.serviceAccountToken) assert.ok((s.serviceAccountToken.expirationSeconds ?? 3600) <= 600, `${where}: token volume ${v.name} lives longer than ten minutes`);
      }
    }
    assert.ok(pods > 0, `${file} has pods`);
    // A log agent (catalog fluent-bit) reads the metadata of whichever pod wrote a line: get on the namespace's pods,
    // granted to the ServiceAccount that asked for its token, and nothing more.
    const agents = new Set(objects.filter((o) => o.kind === 'DaemonSet' && asked.has(podSpecOf(o)?.serviceAccountName ?? '')).map((o) => o.metadata.labels?.['app.kubernetes.io/name']));
    for (const role of objects.filter((o) => o.kind === 'Role')) {
      if (agents.has(role.metadata.labels?.['app.kubernetes.io/name'])) {
        assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], `Role/${role.metadata.name} of a log agent`);
        continue;
      }
      const bound = [...rolesOf].some(([sa, roles]) => readers.has(sa) && roles.includes(role));
      if (bound && readOnly(role)) continue;
      for (const rule of role.rules as V1PolicyRule[]) assert.ok(rule.resourceNames?.length, `Role/${role.metadata.name} grants ${rule.verbs.join(',')} on every ${rule.resources?.join(',')}`);
    }
  });
}
