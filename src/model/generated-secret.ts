/** A Secret whose values slipway generates (passwords). Rendered without values unless asked; never rotated. */
export interface GeneratedSecret {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Keys that hold a generated password. */
  keys: string[];
  /** Keys with fixed (non-secret) values, e.g. a user name. */
  fixed?: Record<string, string>;
}
