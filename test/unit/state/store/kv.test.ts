// CacheKV: overlays stacked as block execution stacks them (tx over block over committed).
import { CacheKV, type KV } from '../../../../src/state/store/kv.js';

class MapKV implements KV {
  readonly m = new Map<string, Uint8Array>();
  get(key: Uint8Array) {
    return this.m.get(Buffer.from(key).toString('hex'));
  }
  set(key: Uint8Array, value: Uint8Array) {
    this.m.set(Buffer.from(key).toString('hex'), value);
  }
  delete(key: Uint8Array) {
    this.m.delete(Buffer.from(key).toString('hex'));
  }
}

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('CacheKV', () => {
  test('reads through stacked overlays; a dropped overlay leaves nothing behind', () => {
    const base = new MapKV();
    base.set(b(1), b(10));
    base.set(b(2), b(20));
    const block = new CacheKV(base);
    block.set(b(2), b(21));
    const tx = new CacheKV(block);
    expect(tx.get(b(1))).toEqual(b(10));
    expect(tx.get(b(2))).toEqual(b(21));
    tx.delete(b(1));
    tx.set(b(3), b(30));
    expect(tx.get(b(1))).toBeUndefined();
    expect(block.get(b(1))).toEqual(b(10));
    expect(block.get(b(3))).toBeUndefined();
    const failed = new CacheKV(block);
    failed.set(b(2), b(99));
    expect(block.get(b(2))).toEqual(b(21)); // never written up
  });

  test('write() moves the writes up one level, and the last level writes into its store', () => {
    const base = new MapKV();
    base.set(b(1), b(10));
    const block = new CacheKV(base);
    const tx = new CacheKV(block);
    tx.delete(b(1));
    tx.set(b(3), b(30));
    tx.write();
    expect(tx.size).toBe(0);
    expect(block.size).toBe(2);
    expect(block.get(b(1))).toBeUndefined();
    expect(block.get(b(3))).toEqual(b(30));
    expect(base.get(b(1))).toEqual(b(10));
    block.write();
    expect(base.get(b(1))).toBeUndefined();
    expect(base.get(b(3))).toEqual(b(30));
    const ro = new CacheKV({ get: () => undefined });
    ro.set(b(1), b(1));
    expect(() => ro.write()).toThrow(/read-only/);
  });

  test('keeps its own copies of keys and values', () => {
    const kv = new CacheKV(new MapKV());
    const key = b(7);
    const value = Buffer.from([1, 2, 3]);
    kv.set(key, value);
    key[0] = 8;
    value[0] = 9;
    expect(kv.get(b(7))).toEqual(b(1, 2, 3));
    expect(kv.get(b(7))).not.toBeInstanceOf(Buffer);
    expect(kv.get(b(8))).toBeUndefined();
  });

  test('changes() lists the writes in byte order of their keys, deletes as undefined', () => {
    const kv = new CacheKV(new MapKV());
    const keys = [b(0x80), b(0x01, 0xff), b(0x01), b(0xff, 0x00), b(0x7f, 0x80), b(0x00), b(0xc3, 0xa9)];
    keys.forEach((k, i) => kv.set(k, b(i)));
    kv.delete(b(0x7f, 0x80));
    const got = kv.changes().map(([k]) => Buffer.from(k).toString('hex'));
    const want = keys.map((k) => Buffer.from(k)).sort(Buffer.compare).map((k) => k.toString('hex'));
    expect(got).toEqual(want);
    expect(kv.changes().find(([k]) => k[0] === 0x7f)?.[1]).toBeUndefined();
  });
});
