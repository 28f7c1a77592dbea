/**
 * The one module that talks to a cluster (the I/O edge of the lifecycle commands). Everything else works on
 * plain objects. Built on @kubernetes/client-node's generic object API, so any kind works the same way.
 */
import { ApiException, createConfiguration, Exec, HttpMethod, KubeConfig, KubernetesObjectApi, Log, PatchStrategy, PortForward, ServerConfiguration, Watch, type KubernetesObject, type ResponseContext, type V1APIResource, type V1Status } from '@kubernetes/client-node';
import { createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { userError } from '../diagnostics/errors.js';
import type { K8sObject, ObjectRef } from '../k8s/object.js';
import { ClusterError } from './errors.js';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, timedHttp } from './http.js';
import type { ClusterPort, DeleteOptions, ExecStreams, Forward, WatchEvent, Watching } from './port.js';

export { ClusterError } from './errors.js';
export { labelSelector, refKey, refOf, type ObjectRef } from '../k8s/object.js';

/** slipway's field manager for server-side apply. */
export const FIELD_MANAGER = 'slipway';

function serverMessage(e: unknown): ClusterError {
  if (e instanceof ApiException) {
    let message = String(e.body ?? e.message);
    try {
      message = (JSON.parse(String(e.body)) as { message?: string }).message ?? message;
    } catch {
      /* body was not JSON */
    }
    return new ClusterError(message, e.code);
  }
  return new ClusterError(e instanceof Error ? e.message : String(e), 0);
}

/**
 * The generic object API over slipway's transport (the stock factory offers no way to choose one), carrying API
 * JSON both ways. The library's typed models are left out. Serializing through them keeps only the fields a model
 * knows, under the model's names (a NetworkPolicy ingress rule's `from` is `_from` there: sent as API JSON, a policy
 * lost its peers and let any pod in), and types metadata even for kinds it does not know (an RFC 3339 stamp read back
 * from the server fails its Date handling). Deserializing rebuilt every answer into model objects, Dates for
 * timestamps: about 0.15 s of CPU in a no-op `up` of 300 objects.
 */
class ObjectApi extends KubernetesObjectApi {
  /** Create (POST), replace (PUT) or server-side apply (PATCH) the object, sent as the JSON it is. */
  write(o: KubernetesObject, action: 'create' | 'replace' | 'patch', query: Record<string, string>, contentType = 'application/json'): Promise<KubernetesObject> {
    return this.specUriPath(o, action).then((path) => {
      const request = this.configuration.baseServer.makeRequestContext(path, action === 'create' ? HttpMethod.POST : action === 'replace' ? HttpMethod.PUT : HttpMethod.PATCH);
      request.setHeaderParam('Accept', 'application/json');
      request.setHeaderParam('Content-Type', contentType);
      for (const [k, v] of Object.entries(query)) request.setQueryParam(k, v);
      request.setBody(JSON.stringify(o));
      return this.requestPromise<KubernetesObject>(request);
    });
  }

  /** A successful answer as the server's JSON; a failed one goes to the library, which throws its ApiException. */
  protected override async processResponse<T extends KubernetesObject>(response: ResponseContext, type?: string): Promise<T> {
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) return super.processResponse<T>(response, type);
    return JSON.parse(await response.body.text()) as T;
  }

  private readonly discovering = new Map<string, Promise<V1APIResource | undefined>>();

  /**
   * Discovery of one kind; undefined when it is not served. The base class caches a group version once it has
   * answered; the lists of one plan ask for the same ones at once (about twenty kinds, eight at a time), so a read
   * in flight is shared too. Not kept after it settles: a group that is missing now (404) may be installed later,
   * and `slipway ui` runs for hours.
   */
  served(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    let inFlight = this.discovering.get(apiVersion);
    if (!inFlight) {
      inFlight = this.resource(apiVersion, kind).finally(() => this.discovering.delete(apiVersion));
      this.discovering.set(apiVersion, inFlight);
      return inFlight;
    }
    // The shared read filled the base class's cache for the whole group version (this kind is answered from it);
    // a group version that is not served fails every kind of it alike.
    return inFlight.then(() => this.resource(apiVersion, kind));
  }

  static over(kc: KubeConfig, timeoutSeconds: number): ObjectApi {
    const api = new ObjectApi(createConfiguration({ baseServer: new ServerConfiguration(kc.getCurrentCluster()!.server, {}), authMethods: { default: kc }, httpApi: timedHttp(timeoutSeconds) }));
    api.setDefaultNamespace(kc);
    return api;
  }
}

export interface ConnectOptions {
  /**
   * Deadline of each API request in seconds (log streams excepted).
   * @default $SLIPWAY_REQUEST_TIMEOUT, else 30
   */
  requestTimeoutSeconds?: number;
}

function envTimeout(): number | undefined {
  const v = Number(process.env.SLIPWAY_REQUEST_TIMEOUT);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export class ClusterClient implements ClusterPort {
  private readonly api: ObjectApi;
  private readonly logs: Log;

  private constructor(
    readonly config: KubeConfig,
    readonly context: string,
    readonly requestTimeoutSeconds: number,
  ) {
    this.api = ObjectApi.over(config, requestTimeoutSeconds);
    this.logs = new Log(config);
  }

  /** Connect using $KUBECONFIG / ~/.kube/config and the given (or current) context. */
  static connect(context?: string, opts: ConnectOptions = {}): ClusterClient {
    const kc = new KubeConfig();
    try {
      kc.loadFromDefault();
    } catch (e) {
      throw userError(`cannot read kubeconfig: ${(e as Error).message}`, 'set KUBECONFIG or create ~/.kube/config');
    }
    if (context) {
      if (!kc.getContexts().some((c) => c.name === context)) throw userError(`kube context "${context}" is not in the kubeconfig`, `available: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
      kc.setCurrentContext(context);
    }
    if (!kc.getCurrentCluster()) throw userError('no current kube context', 'pass --context or set one with kubectl config use-context');
    return new ClusterClient(kc, kc.getCurrentContext(), opts.requestTimeoutSeconds ?? envTimeout() ?? DEFAULT_REQUEST_TIMEOUT_SECONDS);
  }

  /** Server-side apply as slipway, taking ownership of conflicting fields (slipway's stack file is the truth). */
  async apply(o: K8sObject, dryRun = false, fieldManager = FIELD_MANAGER): Promise<K8sObject> {
    try {
      return (await this.api.write(o as KubernetesObject, 'patch', { fieldManager, force: 'true', ...(dryRun ? { dryRun: 'All' } : {}) }, PatchStrategy.ServerSideApply)) as K8sObject;
    } catch (e) {
      throw serverMessage(e);
    }
  }

  /** The live object, or undefined when it does not exist. */
  async get(ref: ObjectRef): Promise<K8sObject | undefined> {
    try {
      return (await this.api.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } })) as K8sObject;
    } catch (e) {
      const err = serverMessage(e);
      if (err.status === 404) return undefined;
      throw err;
    }
  }

  async list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string, fieldSelector?: string): Promise<K8sObject[]> {
    try {
      // A kind the cluster does not serve has no objects: the prunable kinds include operators' kinds (a
      // ServiceMonitor) whose CRDs many clusters lack, or have only some of (the group is then served, the kind not).
      if (!(await this.api.served(apiVersion, kind))) return [];
      const r = await this.api.list(apiVersion, kind, namespace, undefined, undefined, undefined, fieldSelector, labelSelector);
      // A list's items carry no apiVersion or kind of their own.
      return (r.items as K8sObject[]).map((i) => ({ ...i, apiVersion: i.apiVersion ?? apiVersion, kind: i.kind ?? kind }));
    } catch (e) {
      const err = serverMessage(e);
      if (err.status === 404) return [];
      throw err;
    }
  }

  /** Create only if missing; an existing object is left exactly as it is. Returns whether it was created. */
  async createIfMissing(o: K8sObject): Promise<boolean> {
    try {
      await this.api.write(o as KubernetesObject, 'create', { fieldManager: FIELD_MANAGER });
      return true;
    } catch (e) {
      const err = serverMessage(e);
      if (err.status === 409) return false;
      throw err;
    }
  }

  /** Replace with optimistic concurrency (metadata.resourceVersion must match), e.g. for locks. */
  async replace(o: K8sObject): Promise<K8sObject> {
    try {
      return (await this.api.write(o as KubernetesObject, 'replace', { fieldManager: FIELD_MANAGER })) as K8sObject;
    } catch (e) {
      throw serverMessage(e);
    }
  }

  async create(o: K8sObject): Promise<K8sObject> {
    try {
      return (await this.api.write(o as KubernetesObject, 'create', { fieldManager: FIELD_MANAGER })) as K8sObject;
    } catch (e) {
      throw serverMessage(e);
    }
  }

  /** Delete (foreground: dependents first, unless told otherwise); a missing object counts as deleted. */
  async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<void> {
    const propagationPolicy = opts.propagation ?? 'Foreground';
    const body = { propagationPolicy, ...(opts.resourceVersion ? { preconditions: { resourceVersion: opts.resourceVersion } } : {}) };
    try {
      await this.api.delete({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } }, undefined, undefined, undefined, undefined, propagationPolicy, body);
    } catch (e) {
      const err = serverMessage(e);
      if (err.status !== 404) throw err;
    }
  }

  /** Key names of a Secret; the values are dropped here, before anything else sees the object. */
  async secretKeys(namespace: string, name: string): Promise<string[] | undefined> {
    const s = (await this.get({ apiVersion: 'v1', kind: 'Secret', namespace, name })) as (K8sObject & { data?: object; stringData?: object }) | undefined;
    return s && [...new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})])].sort();
  }

  async secretValue(namespace: string, name: string, key: string): Promise<string | undefined> {
    const s = (await this.get({ apiVersion: 'v1', kind: 'Secret', namespace, name })) as (K8sObject & { data?: Record<string, string> }) | undefined;
    const value = s?.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  }

  async serves(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.api.served(apiVersion, kind)) !== undefined;
    } catch (e) {
      // An API group/version nobody registered is a 404 of discovery: the kind is not served.
      const status = e instanceof ApiException ? e.code : undefined;
      if (status === 404) return false;
      throw serverMessage(e);
    }
  }

  async watch(apiVersion: string, kind: string, namespace: string, onEvent: (e: WatchEvent) => void, onEnd: (error?: Error) => void): Promise<Watching> {
    const resource = await this.api.served(apiVersion, kind).catch((e: unknown) => {
      throw serverMessage(e);
    });
    if (!resource) throw new ClusterError(`${kind} (${apiVersion}) is not served by this cluster`, 404);
    const path = `${apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`}/namespaces/${encodeURIComponent(namespace)}/${resource.name}`;
    let stopped = false;
    const end = (error?: Error) => {
      if (stopped) return;
      stopped = true;
      onEnd(error);
    };
    const ctrl = await new Watch(this.config).watch(
      path,
      {},
      (type: string, object: K8sObject) => {
        // An ERROR event (e.g. 410 Gone: the version watched from was compacted) ends this watch.
        if (type === 'ERROR') return end(new ClusterError((object as { message?: string }).message ?? 'watch failed', (object as { code?: number }).code ?? 0));
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') onEvent({ type, object: { ...object, apiVersion: object.apiVersion ?? apiVersion, kind: object.kind ?? kind } });
      },
      (err: unknown) => end(err ? (err instanceof Error ? err : new Error(String(err))) : undefined),
    );
    return {
      stop() {
        stopped = true;
        ctrl.abort();
      },
    };
  }

  /** Stream a container's log into `sink`; resolves when the stream ends (or is aborted). */
  async streamLogs(namespace: string, pod: string, container: string, sink: (chunk: string) => void, opts: { follow?: boolean; sinceSeconds?: number } = {}): Promise<AbortController> {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        sink(chunk.toString('utf8'));
        cb();
      },
      final(cb) {
        done();
        cb();
      },
    });
    const ctrl = await this.logs.log(namespace, pod, container, stream, { follow: opts.follow ?? false, ...(opts.sinceSeconds ? { sinceSeconds: opts.sinceSeconds } : {}) });
    if (!opts.follow) await finished;
    return ctrl;
  }

  async exec(namespace: string, pod: string, container: string, command: readonly string[], streams: ExecStreams): Promise<number> {
    let status: V1Status | undefined;
    let ws;
    try {
      ws = await new Exec(this.config).exec(namespace, pod, container, [...command], streams.stdout, streams.stderr, streams.stdin ?? null, streams.tty ?? false, (s) => (status = s));
    } catch (e) {
      throw serverMessage(e);
    }
    await new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())));
    if (!status || status.status === 'Success') return 0;
    // A command that ran and failed reports its exit code as a cause; anything else is the API server refusing.
    const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
    if (code !== undefined && /^\d+$/.test(code)) return Number(code);
    // Runtimes that do not fill in the cause still end the message with the process's own "exit status N".
    const said = /: exit status (\d+)$/.exec(status.message ?? '')?.[1];
    if (said) return Number(said);
    throw new ClusterError(status.message ?? 'exec failed', status.code ?? 0);
  }

  async portForward(namespace: string, pod: string, port: number, localPort: number): Promise<Forward> {
    const forward = new PortForward(this.config);
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      forward.portForward(namespace, pod, [port], socket, null, socket).then(
        (ws) => {
          const close = () => socket.destroy();
          if (typeof ws === 'function') return;
          ws.on('close', close);
          socket.on('close', () => ws.close());
        },
        () => socket.destroy(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? userError(`127.0.0.1:${localPort} is already in use`, 'pick another --local-port, or leave it out for a free one') : e));
      server.listen(localPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    return {
      port: typeof address === 'object' && address ? address.port : localPort,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }
}
