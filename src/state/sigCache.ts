// Signature checks are the costliest part of a tx. CheckTx verifies (on worker threads when
// many txs arrive at once) and remembers the verdict, so block execution, rechecks and
// simulate never verify the same signature twice.
import { sha256Concat } from '../crypto/hash.js';
import { makeRoom } from '../util/boundedSet.js';
import { bytesEqual } from '../util/bytes.js';

export interface SigItem {
  pubkey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** Verifies one signature now, synchronously. */
export type VerifyFn = (item: SigItem) => boolean;
/** Verifies many signatures, possibly in parallel. */
export type VerifyBatchFn = (items: SigItem[]) => Promise<boolean[]>;

interface Verdict {
  pubkey: Uint8Array;
  signature: Uint8Array;
  ok: boolean;
}

export class SigVerifier {
  private readonly cache = new Map<string, boolean>();
  // The ante builds a tx's sign bytes once per (chain id, account number) and keeps that array,
  // so a recheck or the block's execution finds the verdict by the array itself, without hashing
  // it again: same bytes object, same signature object, equal key.
  private readonly byMessage = new WeakMap<Uint8Array, Verdict>();

  constructor(
    private readonly verifyNow: VerifyFn,
    private readonly verifyBatch: VerifyBatchFn | undefined,
    private readonly capacity = 200_000,
  ) {}

  /** Synchronous verify through the cache; a miss is verified on this thread. */
  verify(item: SigItem): boolean {
    const seen = this.byMessage.get(item.message);
    if (seen !== undefined && seen.signature === item.signature && bytesEqual(seen.pubkey, item.pubkey)) return seen.ok;
    const k = cacheKey(item);
    let ok = this.cache.get(k);
    if (ok === undefined) {
      ok = this.verifyNow(item);
      this.remember(k, ok);
    }
    this.byMessage.set(item.message, { pubkey: item.pubkey, signature: item.signature, ok });
    return ok;
  }

  /** Verifies the items not yet known, in parallel where a pool is available. */
  async warm(items: SigItem[]): Promise<void> {
    if (!this.verifyBatch) return;
    const keys: string[] = [];
    const todo: SigItem[] = [];
    for (const item of items) {
      const k = cacheKey(item);
      if (this.cache.has(k)) continue;
      keys.push(k);
      todo.push(item);
    }
    if (todo.length === 0) return;
    const results = await this.verifyBatch(todo);
    keys.forEach((k, i) => this.remember(k, results[i]));
  }

  private remember(key: string, ok: boolean): void {
    makeRoom(this.cache, this.capacity);
    this.cache.set(key, ok);
  }
}

function cacheKey({ pubkey, message, signature }: SigItem): string {
  return sha256Concat([pubkey, signature, message], 'base64');
}
