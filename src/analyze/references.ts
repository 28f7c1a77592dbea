/**
 * Where a pod's configuration names another component: host names in env values, command lines and the
 * ConfigMaps it mounts or reads (URLs, DSNs, `host:port`, broker lists), and Jobs it waits for. Every text is
 * tagged with where it was found, because a reference from an init container means "waits for it".
 */
import type { K8sObject } from '../k8s/object.js';
import type { Container, PodTemplate } from './components.js';

export interface Text {
  text: string;
  /** Found in an init container (a wait), rather than in what the app itself reads. */
  init: boolean;
  /** The env var it was the value of, when it was one (names like *_BROKERS say what the value is). */
  envName?: string;
  /** Content of a mounted file: may hold documentation URLs, so it only ever points at in-cluster names. */
  file?: boolean;
}

/** Every text a pod template's containers read, ConfigMap contents included. */
export function textsOf(pod: PodTemplate, configMaps: ReadonlyMap<string, K8sObject>): Text[] {
  const out: Text[] = [];
  const dataOf = (name: string | undefined) => Object.values((configMaps.get(name ?? '') as { data?: Record<string, string> } | undefined)?.data ?? {});
  const fromContainer = (c: Container, init: boolean) => {
    for (const t of [...(c.command ?? []), ...(c.args ?? [])]) out.push({ text: t, init });
    for (const e of c.env ?? []) {
      if (e.value !== undefined) out.push({ text: e.value, init, envName: e.name });
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref) {
        const value = (configMaps.get(ref.name ?? '') as { data?: Record<string, string> } | undefined)?.data?.[ref.key ?? ''];
        if (value !== undefined) out.push({ text: value, init, envName: e.name });
      }
    }
    for (const f of c.envFrom ?? []) {
      const data = (configMaps.get(f.configMapRef?.name ?? '') as { data?: Record<string, string> } | undefined)?.data ?? {};
      for (const [k, v] of Object.entries(data)) out.push({ text: v, init, envName: k });
    }
  };
  for (const c of pod.spec?.initContainers ?? []) fromContainer(c, true);
  for (const c of pod.spec?.containers ?? []) fromContainer(c, false);
  for (const v of pod.spec?.volumes ?? []) {
    const names = [v.configMap?.name, ...(v.projected?.sources ?? []).map((s) => s.configMap?.name)].filter((n): n is string => !!n);
    for (const n of names) for (const text of dataOf(n)) out.push({ text, init: false, file: true });
  }
  return out;
}

export interface HostMention {
  host: string;
  port?: number;
  /** URL scheme, when the host was inside a URL. */
  scheme?: string;
  /** URL path without the leading slash (a DSN's database), when there was one. */
  path?: string;
  /** The host sits where only a host can be (a URL authority, `host:port`, a whole value): safe to take a bare name. */
  certain: boolean;
}

const HOST = '[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*';
const URL_RE = new RegExp(`([a-z][a-z0-9+.-]*)://(?:[^@/\\s'"]*@)?(${HOST})(?::(\\d+))?(/[^\\s'"?#,;]*)?`, 'g');
const HOST_PORT_RE = new RegExp(`(?<![\\w.@/-])(${HOST}):(\\d{2,5})(?![\\w.])`, 'g');
const TOKEN_RE = new RegExp(`(?<![\\w.-])(${HOST})(?![\\w-])`, 'g');

/** Env var names whose whole value is an address (DATABASE_HOST=db), unlike MYSQL_DATABASE=metabase. */
const ADDRESS_NAME = /(HOST|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT|URL|URI|DSN|BROKERS?|BOOTSTRAP)$/i;

/** Host names mentioned in one text, with what surrounds them; `envName` says whether a whole value is a host. */
export function hostMentions(text: string, envName?: string): HostMention[] {
  const out: HostMention[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const path = m[4]?.slice(1).split('/')[0];
    out.push({ host: m[2]!.toLowerCase(), ...(m[3] ? { port: Number(m[3]) } : {}), scheme: m[1]!.toLowerCase(), ...(path ? { path } : {}), certain: true });
  }
  for (const m of text.matchAll(HOST_PORT_RE)) out.push({ host: m[1]!.toLowerCase(), port: Number(m[2]), certain: true });
  const whole = text.trim();
  if (envName && ADDRESS_NAME.test(envName) && new RegExp(`^${HOST}$`).test(whole)) out.push({ host: whole.toLowerCase(), certain: true });
  // Any other dotted token may be a fully qualified in-cluster name (`db.shop.svc` in a shell command).
  for (const m of text.matchAll(TOKEN_RE)) if (m[1]!.includes('.')) out.push({ host: m[1]!.toLowerCase(), certain: false });
  return out;
}

/** Jobs named in a text: `job/NAME` as kubectl writes it. */
export function jobMentions(text: string): string[] {
  return [...text.matchAll(/\bjobs?(?:\.batch)?\/([a-z0-9][-a-z0-9.]*)/g)].map((m) => m[1]!);
}
