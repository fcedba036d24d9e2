// Signature checks are the costliest part of a tx. CheckTx verifies (on worker threads when
// many txs arrive at once) and remembers the verdict, so block execution, rechecks and
// simulate never verify the same signature twice.
import { createHash } from 'node:crypto';

export interface SigItem {
  pubkey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** Verifies one signature now, synchronously. */
export type VerifyFn = (item: SigItem) => boolean;
/** Verifies many signatures, possibly in parallel. */
export type VerifyBatchFn = (items: SigItem[]) => Promise<boolean[]>;

export class SigVerifier {
  private readonly cache = new Map<string, boolean>();

  constructor(
    private readonly verifyNow: VerifyFn,
    private readonly verifyBatch: VerifyBatchFn | undefined,
    private readonly capacity = 200_000,
  ) {}

  /** Synchronous verify through the cache; a miss is verified on this thread. */
  verify(item: SigItem): boolean {
    const k = cacheKey(item);
    const hit = this.cache.get(k);
    if (hit !== undefined) return hit;
    const ok = this.verifyNow(item);
    this.remember(k, ok);
    return ok;
  }

  /** Verifies the items not yet known, in parallel where a pool is available. */
  async warm(items: SigItem[]): Promise<void> {
    if (!this.verifyBatch) return;
    const todo = items.filter((i) => !this.cache.has(cacheKey(i)));
    if (todo.length === 0) return;
    const results = await this.verifyBatch(todo);
    todo.forEach((item, i) => this.remember(cacheKey(item), results[i]));
  }

  private remember(key: string, ok: boolean): void {
    if (this.cache.size >= this.capacity) {
      // Maps iterate in insertion order: drop the oldest eighth in one go.
      let drop = this.capacity >> 3;
      for (const k of this.cache.keys()) {
        this.cache.delete(k);
        if (--drop <= 0) break;
      }
    }
    this.cache.set(key, ok);
  }
}

function cacheKey({ pubkey, message, signature }: SigItem): string {
  return createHash('sha256').update(pubkey).update(signature).update(message).digest('base64');
}
