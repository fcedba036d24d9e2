// A set of recent keys with a fixed capacity: the oldest key falls out first. The mempool's
// cache of tx hashes and the gossip layers' "seen" sets are both this.
//
// The keys sit in a ring of `capacity` slots, each key's slot in a map, so eviction is O(1).
// (Evicting through `set.values().next()` is not: V8 leaves deleted entries at the front of a
// Set until it rehashes, and the iterator steps over all of them, so a full set of 20,000 keys
// cost ~11 µs per add, of 200,000 ~90 µs; measured.)
export class BoundedSet {
  private readonly slotOf = new Map<string, number>();
  private readonly ring: Array<string | undefined>;
  private next = 0;

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity)); // as before: a capacity of 0 still holds the last key
    this.ring = new Array<string | undefined>(this.capacity);
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if (this.slotOf.has(key)) return false;
    const slot = this.next;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    const oldest = this.ring[slot];
    if (oldest !== undefined) this.slotOf.delete(oldest);
    this.ring[slot] = key;
    this.slotOf.set(key, slot);
    return true;
  }

  /** Forgets the key; its slot stays empty until the ring comes round to it. */
  remove(key: string): void {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return;
    this.slotOf.delete(key);
    this.ring[slot] = undefined;
  }

  has(key: string): boolean {
    return this.slotOf.has(key);
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
