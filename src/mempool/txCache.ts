// Hashes of txs seen recently (in the pool or committed), so the same bytes are not checked
// again: CometBFT's mempool cache. Bounded; the oldest hashes fall out first.
export class TxCache {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds the hash; false when it was already there. */
  push(hash: string): boolean {
    if (this.seen.has(hash)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(hash);
    return true;
  }

  remove(hash: string): void {
    this.seen.delete(hash);
  }

  has(hash: string): boolean {
    return this.seen.has(hash);
  }
}
