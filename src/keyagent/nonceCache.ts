// Nonces seen, each with the height its request named. A request older than the height window
// is refused as stale, so a nonce can be forgotten once its height leaves the window. Bounded:
// when full even after pruning, `add` refuses (the agent answers RATE_LIMITED) rather than
// forgetting a nonce that could then be replayed.
import { latin1Of } from '../util/bytesText.js';

export type NonceVerdict = 'fresh' | 'replayed' | 'full';

export class NonceCache {
  private readonly seen = new Map<string, bigint>();
  private lowest = 0n; // no entry is below this height after the last prune

  constructor(private readonly maxEntries = 200_000) {}

  /** Records the nonce unless it was seen; `minHeight` is the oldest height still accepted. */
  add(nonce: Uint8Array, height: bigint, minHeight: bigint): NonceVerdict {
    const key = latin1Of(nonce);
    if (this.seen.has(key)) return 'replayed';
    if (this.seen.size >= this.maxEntries) {
      this.prune(minHeight);
      if (this.seen.size >= this.maxEntries) return 'full';
    } else if (minHeight > this.lowest && this.seen.size > 1024) {
      this.prune(minHeight);
    }
    this.seen.set(key, height);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(minHeight: bigint): void {
    for (const [key, h] of this.seen) if (h < minHeight) this.seen.delete(key);
    this.lowest = minHeight;
  }
}
