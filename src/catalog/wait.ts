/** The init container shape shared by every "wait for my dependency" check. */
import type { EnvVar } from '../model/resolved.js';
import { k8sEnv } from '../generate/pod/env.js';
import { containerSecurityContext } from '../generate/security.js';
import type { Container } from './contract.js';

export interface WaitSpec {
  /** Dependency name; the container is called wait-<target>. */
  target: string;
  image: string;
  /** POSIX sh loop body that exits 0 once the dependency answers. */
  check: string;
  env?: EnvVar[];
}

/**
 * Wait checks only run a client (psql, redis-cli, mysqladmin, wget, nc), which works as any user; a high UID
 * keeps clear of host users (kube-score's container-security-context-user-group-id).
 */
export const WAIT_UID = 65532;

export function waitContainer(w: WaitSpec): Container {
  return {
    name: `wait-${w.target}`,
    image: w.image,
    command: ['sh', '-c', `until ${w.check}; do echo "waiting for ${w.target}"; sleep 2; done`],
    ...(w.env?.length ? { env: k8sEnv(w.env) } : {}),
    // A client that prints a line every two seconds: its log is the only local storage it uses.
    resources: { limits: { cpu: '100m', 'ephemeral-storage': '64Mi', memory: '64Mi' }, requests: { cpu: '10m', 'ephemeral-storage': '16Mi', memory: '16Mi' } },
    securityContext: containerSecurityContext(WAIT_UID),
  };
}

/** Plain TCP wait used for services and entries without a client in their image. */
export const BUSYBOX_IMAGE = 'busybox:1.37.0';
export function tcpWait(target: string, host: string, port: number): Container {
  return waitContainer({ target, image: BUSYBOX_IMAGE, check: `nc -z -w 2 ${host} ${port}` });
}
