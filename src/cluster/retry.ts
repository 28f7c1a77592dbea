/**
 * Reads the API server asks to repeat: 429 "too many requests", which it also answers while a resource's storage is
 * (re)initializing, e.g. just after a CRD was installed. client-go retries these itself; so does slipway, a few
 * times with a growing pause, for reads only (a write is never repeated behind the caller's back).
 */
import { ClusterError } from './errors.js';

export const READ_ATTEMPTS = 5;

export async function retryTooManyRequests<T>(read: () => Promise<T>, pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof ClusterError) || e.status !== 429 || attempt >= READ_ATTEMPTS) throw e;
      await pause(250 * 2 ** (attempt - 1));
    }
  }
}
