/**
 * The cluster as a run that holds the lock may use it: once the lock is lost, every write is refused with the
 * lock's `lock-lost` error, so a run that another run has taken over cannot change anything after that moment,
 * wherever it is (applying, pruning, recording history). Reads still work (to report what happened).
 */
import type { ClusterPort } from '../cluster/port.js';
import type { Lock } from './lock.js';

export function whileHolding(client: ClusterPort, lock: Pick<Lock, 'signal'>): ClusterPort {
  const check = () => {
    if (lock.signal.aborted) throw lock.signal.reason;
  };
  return {
    context: client.context,
    get: (ref) => client.get(ref),
    list: (...args) => client.list(...args),
    streamLogs: (...args) => client.streamLogs(...args),
    watch: (...args) => client.watch(...args),
    // Streams into pods change no object of the stack.
    exec: (...args) => client.exec(...args),
    portForward: (...args) => client.portForward(...args),
    secretKeys: (...args) => client.secretKeys(...args),
    secretValue: (...args) => client.secretValue(...args),
    serves: (...args) => client.serves(...args),
    apply: async (o, dryRun, fieldManager) => (check(), client.apply(o, dryRun, fieldManager)),
    create: async (o) => (check(), client.create(o)),
    createIfMissing: async (o) => (check(), client.createIfMissing(o)),
    replace: async (o) => (check(), client.replace(o)),
    delete: async (ref, opts) => (check(), client.delete(ref, opts)),
  };
}
