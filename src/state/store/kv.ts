// The key/value view the state machine runs on. Reads are synchronous: block execution is a
// tight loop and committed reads come from LevelDB's getSync or an in-memory overlay.
import { GasMeter, KV_GAS } from '../gas.js';
import { latin1Of } from '../../util/bytesText.js';

export interface ReadonlyKV {
  get(key: Uint8Array): Uint8Array | undefined;
}

export interface KV extends ReadonlyKV {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

export type Change = [key: Uint8Array, value: Uint8Array | undefined];

// Map key of a state key: its bytes as latin1 text (one char per byte, so string order is
// byte order, as changes() needs). Cheaper to build than hex, and half the length.
const textKey = (key: Uint8Array): string => latin1Of(key);

interface Write {
  key: Uint8Array;
  value: Uint8Array | undefined;
}

/**
 * A write overlay over a parent view. Writes stay here until `write()` pushes them to the
 * parent (a tx that fails is simply dropped). Iteration is never needed inside execution,
 * so the overlay is a plain map; `changes()` hands out the writes in key order.
 *
 * Stacked overlays (tx over block over committed state) hand each other the map key they
 * already built, and `write()` into a parent overlay moves the entries (copied once, on `set`)
 * instead of copying them again.
 */
export class CacheKV implements KV {
  private readonly writes = new Map<string, Write>();
  private readonly parentCache: CacheKV | undefined;

  constructor(private readonly parent: ReadonlyKV & Partial<KV>) {
    this.parentCache = parent instanceof CacheKV ? parent : undefined;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.getByText(textKey(key), key);
  }

  private getByText(k: string, key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(k);
    if (w) return w.value;
    return this.parentCache ? this.parentCache.getByText(k, key) : this.parent.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.writes.set(textKey(key), { key: new Uint8Array(key), value: new Uint8Array(value) });
  }

  delete(key: Uint8Array): void {
    this.writes.set(textKey(key), { key: new Uint8Array(key), value: undefined });
  }

  get size(): number {
    return this.writes.size;
  }

  /** Pushes every write into the parent, which must be writable. */
  write(): void {
    const up = this.parentCache;
    if (up) {
      // The entries are this overlay's own copies and it forgets them right away: move them.
      for (const [k, w] of this.writes) up.writes.set(k, w);
    } else {
      if (!this.parent.set || !this.parent.delete) throw new Error('CacheKV.write: parent is read-only');
      for (const { key, value } of this.writes.values()) {
        if (value === undefined) this.parent.delete(key);
        else this.parent.set(key, value);
      }
    }
    this.writes.clear();
  }

  /** The writes in ascending key order (deletes carry undefined). */
  changes(): Change[] {
    return [...this.writes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, w]) => [w.key, w.value]);
  }
}

/** Charges gas for every access, as the Cosmos SDK's GasKVStore does. */
export class GasKV implements KV {
  constructor(
    private readonly inner: KV,
    private readonly gas: GasMeter,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    this.gas.consume(KV_GAS.readFlat, 'ReadFlat');
    const v = this.inner.get(key);
    this.gas.consume(KV_GAS.readPerByte * BigInt(key.length + (v?.length ?? 0)), 'ReadPerByte');
    return v;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.gas.consume(KV_GAS.writeFlat, 'WriteFlat');
    this.gas.consume(KV_GAS.writePerByte * BigInt(key.length + value.length), 'WritePerByte');
    this.inner.set(key, value);
  }

  delete(key: Uint8Array): void {
    this.gas.consume(KV_GAS.delete, 'Delete');
    this.inner.delete(key);
  }
}

/** Keys of one module live under its one-byte prefix (DESIGN.md §1: one prefix per module). */
export function prefixed(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  let len = 1;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  out[0] = prefix;
  let off = 1;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A length-prefixed component, so that variable-length keys never run into each other. */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 255) throw new Error('key component longer than 255 bytes');
  const out = new Uint8Array(bytes.length + 1);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}
