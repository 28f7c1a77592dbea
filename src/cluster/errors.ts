/** Errors of the cluster edge, light enough to import without loading the Kubernetes client. */

/** A failed API call with the server's own message (e.g. a validation error), or an unreachable server (status 0). */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}
