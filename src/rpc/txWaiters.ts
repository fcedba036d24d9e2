// broadcast_tx_commit waits for its tx to be committed: waiters keyed by tx hash, resolved by
// the Tx events the node pushes, bounded in number and in time.
import type { IndexedTx } from '../types/abci.js';
import { internalError } from './errors.js';
import { hexUpper } from './jsonFormat.js';

export const MAX_PENDING_COMMIT_WAITERS = 1000;

interface Waiter {
  resolve(tx: IndexedTx): void;
  reject(err: Error): void;
}

export class TxWaiters {
  private readonly byHash = new Map<string, Set<Waiter>>();
  private count = 0;

  get pending(): number {
    return this.count;
  }

  /** Register before broadcasting so the commit cannot slip between broadcast and wait. */
  wait(hash: Uint8Array, timeoutMs: number): { promise: Promise<IndexedTx>; cancel(): void } {
    if (this.count >= MAX_PENDING_COMMIT_WAITERS) {
      throw internalError(`too many broadcast_tx_commit calls waiting (max ${MAX_PENDING_COMMIT_WAITERS})`);
    }
    const key = hexUpper(hash);
    let timer: NodeJS.Timeout | undefined;
    let settle!: Waiter;
    const promise = new Promise<IndexedTx>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const waiter: Waiter = {
      resolve: (tx) => { remove(); settle.resolve(tx); },
      reject: (err) => { remove(); settle.reject(err); },
    };
    const remove = (): void => {
      clearTimeout(timer);
      const set = this.byHash.get(key);
      if (set?.delete(waiter)) this.count--;
      if (set && set.size === 0) this.byHash.delete(key);
    };
    let set = this.byHash.get(key);
    if (!set) this.byHash.set(key, (set = new Set()));
    set.add(waiter);
    this.count++;
    timer = setTimeout(() => waiter.reject(internalError('timed out waiting for tx to be included in a block')), timeoutMs);
    timer.unref();
    return { promise, cancel: remove };
  }

  notify(tx: IndexedTx): void {
    const set = this.byHash.get(hexUpper(tx.hash));
    if (!set) return;
    for (const w of [...set]) w.resolve(tx);
  }

  rejectAll(reason: string): void {
    for (const set of [...this.byHash.values()]) for (const w of [...set]) w.reject(internalError(reason));
  }
}
