/**
 * What the lifecycle commands need from a cluster. ClusterClient implements it over @kubernetes/client-node;
 * a local web server or a test can pass another implementation through the commands' `io.client`.
 */
import type { Readable, Writable } from 'node:stream';
import type { K8sObject, ObjectRef } from '../k8s/object.js';

export interface LogOptions {
  follow?: boolean;
  sinceSeconds?: number;
}

export interface ExecStreams {
  stdout: Writable;
  stderr: Writable;
  /** Sent to the command; none = the command reads end-of-file. */
  stdin?: Readable;
  /** Ask for a terminal (stderr is then merged into stdout by the runtime). @default false */
  tty?: boolean;
}

export interface Forward {
  /** The local port listening on 127.0.0.1 (the one asked for, or a free one). */
  port: number;
  /** Stop listening and close every forwarded connection. */
  close(): Promise<void>;
}

export interface DeleteOptions {
  /** Delete only while the object is still at this resourceVersion (409 otherwise): never delete what changed since it was read. */
  resourceVersion?: string;
  /**
   * Foreground deletes dependents first and leaves the object to the garbage collector; Background deletes the object at
   * once (for objects without dependents, such as the lock's Lease, so their deletion does not wait on the controller-manager).
   * @default 'Foreground'
   */
  propagation?: 'Foreground' | 'Background';
}

/** One change of a watched object, as the API server's watch reports it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: K8sObject;
}

export interface Watching {
  /** Stop the watch; `onEnd` is not called for a stop asked for. */
  stop(): void;
}

export interface ClusterPort {
  /** The kube context in use, for messages. */
  readonly context: string;
  /** Server-side apply as slipway (field manager `slipway`, or `fieldManager`), optionally as a dry run. */
  apply(o: K8sObject, dryRun?: boolean, fieldManager?: string): Promise<K8sObject>;
  /** The live object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<K8sObject | undefined>;
  /** Objects of a kind; none when the cluster does not serve the kind (an operator's CRD not installed). */
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string, fieldSelector?: string): Promise<K8sObject[]>;
  create(o: K8sObject): Promise<K8sObject>;
  /** Create only if missing; an existing object is left exactly as it is. Returns whether it was created. */
  createIfMissing(o: K8sObject): Promise<boolean>;
  /** Replace with optimistic concurrency (metadata.resourceVersion must match). */
  replace(o: K8sObject): Promise<K8sObject>;
  /** Delete (foreground unless told otherwise); a missing object counts as deleted. */
  delete(ref: ObjectRef, opts?: DeleteOptions): Promise<void>;
  /**
   * The key names of a Secret, or undefined when it does not exist. Values never leave the client: preflight
   * checks that keys are there without ever holding what they say.
   */
  secretKeys(namespace: string, name: string): Promise<string[] | undefined>;
  /**
   * One value of a Secret, or undefined when the Secret or key is missing. Only for handing a credential to the user's
   * own client on request (`connect --shell`, `--show-secret`); everything else reads key names only.
   */
  secretValue(namespace: string, name: string, key: string): Promise<string | undefined>;
  /** Whether the API server serves this kind at this apiVersion (discovery; a missing CRD answers false). */
  serves(apiVersion: string, kind: string): Promise<boolean>;
  /**
   * Follow one kind in a namespace through the API server's watch: every existing object first (as ADDED), then
   * each change as it happens. `onEnd` is called once when the server ends the watch or it fails (watches are
   * closed by the server after a while): the caller decides whether to watch again.
   */
  watch(apiVersion: string, kind: string, namespace: string, onEvent: (e: WatchEvent) => void, onEnd: (error?: Error) => void): Promise<Watching>;
  /** Stream a container's log into `sink`; resolves when the stream ends (or, when following, once it started). */
  streamLogs(namespace: string, pod: string, container: string, sink: (chunk: string) => void, opts?: LogOptions): Promise<AbortController>;
  /** Run a command in a container through the API server's exec endpoint; resolves with its exit code. */
  exec(namespace: string, pod: string, container: string, command: readonly string[], streams: ExecStreams): Promise<number>;
  /**
   * Listen on 127.0.0.1:`localPort` (0 = any free port) and forward each connection to `port` of the pod through the
   * API server's port-forward endpoint.
   */
  portForward(namespace: string, pod: string, port: number, localPort: number): Promise<Forward>;
}
