// A set of recent keys with a fixed capacity: the oldest key falls out first. The mempool's
// cache of tx hashes and the gossip layers' "seen" sets are both this.
export class BoundedSet {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    if (this.keys.size >= this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    this.keys.add(key);
    return true;
  }

  remove(key: string): void {
    this.keys.delete(key);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}

/**
 * Makes room in a Map used as a bounded cache: when it holds `capacity` entries, the oldest
 * eighth goes in one sweep (Maps iterate in insertion order), so a full cache is not swept on
 * every insert.
 */
export function makeRoom<K, V>(map: Map<K, V>, capacity: number): void {
  if (map.size < capacity) return;
  let drop = Math.max(1, capacity >> 3);
  for (const k of map.keys()) {
    map.delete(k);
    if (--drop <= 0) break;
  }
}
