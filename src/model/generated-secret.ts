import type { KeyShape } from './secret-shape.js';

/** A Secret whose values slipway generates (passwords). Rendered without values unless asked; never rotated. */
export interface GeneratedSecret {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Keys that hold a generated value. */
  keys: string[];
  /** Shapes of the keys that are not 32 alphanumeric characters (model/secret-shape.ts). */
  shapes?: Record<string, KeyShape>;
  /** Keys with fixed (non-secret) values, e.g. a user name. */
  fixed?: Record<string, string>;
  /** The Secret's type when a consumer checks it (an operator wants kubernetes.io/basic-auth). @default Opaque */
  type?: string;
}
