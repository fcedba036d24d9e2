// Which subscriptions an event can match, without evaluating every query for every event.
// Each query is filed under one exact-string condition it must satisfy (`key='v'` or
// `key IN (...)`, the most selective one); an event then only visits the queries filed under
// a (key, value) it carries, plus the few queries with no such condition. The caller still
// evaluates the whole query on each candidate: the index only narrows, it never decides.
import type { FlatEvents, Query, QueryCondition } from '../types/query.js';

/** What the index needs of a subscription: its query and a scratch stamp it may overwrite. */
export interface Indexable {
  readonly query: Query;
  /** Last visit number that returned this entry (dedupes entries filed under several values). */
  visitStamp: number;
}

/** The condition a query is filed under: key and the exact values one of which the event must carry. */
export interface IndexKey {
  key: string;
  values: readonly string[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The most selective exact condition of a query, or undefined when it has none. `tm.event` has
 * only three values, so any other exact condition beats it; a single value beats an IN list,
 * and a shorter list beats a longer one.
 */
export function chooseIndexKey(query: Query): IndexKey | undefined {
  let best: { cond: IndexKey; rank: number } | undefined;
  for (const c of query.conditions) {
    const key = exactValues(c);
    if (!key) continue;
    const rank = (c.key === 'tm.event' ? 1_000 : 0) + key.values.length;
    if (!best || rank < best.rank) best = { cond: key, rank };
  }
  return best?.cond;
}

function exactValues(c: QueryCondition): IndexKey | undefined {
  if (c.op === '=' && c.value?.kind === 'string') return { key: c.key, values: [c.value.value] };
  if (c.op === 'IN' && c.values && c.values.length > 0) return { key: c.key, values: c.values };
  return undefined;
}

export class SubscriptionIndex<S extends Indexable> {
  /** key -> value -> entries filed under it. */
  private readonly byKey = new Map<string, Map<string, Set<S>>>();
  private readonly unindexed = new Set<S>();
  private readonly filedUnder = new Map<S, IndexKey | undefined>();
  private visits = 0;

  get size(): number {
    return this.filedUnder.size;
  }

  /** Entries that no exact condition narrows (each is evaluated for every event). */
  get unindexedCount(): number {
    return this.unindexed.size;
  }

  add(entry: S): void {
    if (this.filedUnder.has(entry)) return;
    const key = chooseIndexKey(entry.query);
    this.filedUnder.set(entry, key);
    if (!key) {
      this.unindexed.add(entry);
      return;
    }
    let byValue = this.byKey.get(key.key);
    if (!byValue) this.byKey.set(key.key, (byValue = new Map()));
    for (const v of key.values) {
      let set = byValue.get(v);
      if (!set) byValue.set(v, (set = new Set()));
      set.add(entry);
    }
  }

  remove(entry: S): void {
    if (!this.filedUnder.has(entry)) return;
    const key = this.filedUnder.get(entry);
    this.filedUnder.delete(entry);
    if (!key) {
      this.unindexed.delete(entry);
      return;
    }
    const byValue = this.byKey.get(key.key);
    if (!byValue) return;
    for (const v of key.values) {
      const set = byValue.get(v);
      if (!set) continue;
      set.delete(entry);
      if (set.size === 0) byValue.delete(v);
    }
    if (byValue.size === 0) this.byKey.delete(key.key);
  }

  /**
   * False only when no entry can match an event of this `tm.event` type: every entry is filed
   * under a tm.event condition that leaves the type out (e.g. only NewBlock subscribers while
   * txs commit). Lets the caller skip flattening events nobody asked for.
   */
  mayMatchEventType(type: string): boolean {
    if (this.unindexed.size > 0) return true;
    for (const key of this.byKey.keys()) if (key !== 'tm.event') return true;
    return this.byKey.get('tm.event')?.has(type) ?? false;
  }

  /** Every entry that may match an event with these flattened attributes, each once. */
  candidates(flat: FlatEvents): S[] {
    const stamp = ++this.visits;
    const out: S[] = [...this.unindexed];
    // Walk whichever side is smaller: the index's keys or the event's keys.
    const eventKeys = Object.keys(flat);
    if (this.byKey.size <= eventKeys.length) {
      for (const [key, byValue] of this.byKey) {
        if (hasOwn(flat, key)) this.collect(byValue, flat[key]!, stamp, out);
      }
    } else {
      for (const key of eventKeys) {
        const byValue = this.byKey.get(key);
        if (byValue) this.collect(byValue, flat[key]!, stamp, out);
      }
    }
    return out;
  }

  private collect(byValue: Map<string, Set<S>>, values: readonly string[], stamp: number, out: S[]): void {
    for (const v of values) {
      const set = byValue.get(v);
      if (!set) continue;
      for (const entry of set) {
        if (entry.visitStamp === stamp) continue;
        entry.visitStamp = stamp;
        out.push(entry);
      }
    }
  }
}
