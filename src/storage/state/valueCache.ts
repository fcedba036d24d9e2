// Latest committed values kept in memory for the keys the state machine reads over and over
// (params on every tx, the accounts and balances of busy senders). Absent keys are remembered
// too (null). Two generations approximate LRU, as the node cache does. The store refreshes the
// entries of every key a block changes when it commits, so a hit is always the committed value.

export class ValueCache {
  private young = new Map<string, Uint8Array | null>();
  private old = new Map<string, Uint8Array | null>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  /** The value, null if known absent, undefined if not cached. */
  get(key: string): Uint8Array | null | undefined {
    const y = this.young.get(key);
    if (y !== undefined) return y;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: Uint8Array | null): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
    this.old.delete(key); // a stale copy must not survive in the old generation
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
