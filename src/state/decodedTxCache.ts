// Decoded txs remembered by content (SHA-256 of the bytes), so a tx decoded at CheckTx is not
// decoded again when it comes back inside a peer's proposal as a different byte array (proposal
// check, then deliverTx). Two generations bound the memory without per-hit bookkeeping.
import { createHash } from 'node:crypto';

export class DecodedTxCache<T> {
  private young = new Map<string, T>();
  private old = new Map<string, T>();

  constructor(private readonly generationSize: number) {}

  /** The content key: node:crypto SHA-256 (several times faster than pure JS here). */
  static keyOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest().toString('latin1');
  }

  get(key: string): T | undefined {
    const y = this.young.get(key);
    if (y !== undefined) return y;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: T): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
