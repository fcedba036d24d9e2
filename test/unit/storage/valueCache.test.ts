import { StateStore } from '../../../src/storage/state/index.js';
import { ValueCache } from '../../../src/storage/state/valueCache.js';
import { tempDb, utf8, type TempDb } from './helpers.js';

type Change = [Uint8Array, Uint8Array | undefined];
const text = (v: Uint8Array | undefined) => (v ? Buffer.from(v).toString() : undefined);

async function commit(t: TempDb, store: StateStore, version: bigint, changes: Change[]) {
  const batch = t.db.batch();
  const staged = store.stage(version, changes, batch);
  await batch.write();
  store.applyStaged(staged);
}

describe('StateStore value cache', () => {
  let t: TempDb;
  beforeEach(async () => {
    t = await tempDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('reads see every commit: new values, deletions, keys that were absent when first read', async () => {
    const s = await StateStore.load(t.db, { valueCacheSize: 4 }); // tiny: generations turn over
    await commit(t, s, 1n, [[utf8('a'), utf8('1')], [utf8('b'), utf8('1')]]);
    expect(text(s.get(utf8('a')))).toBe('1');
    expect(s.get(utf8('new'))).toBeUndefined(); // remembered as absent
    for (let v = 2n; v < 12n; v++) {
      await commit(t, s, v, [[utf8('a'), utf8(String(v))], [utf8(`k${v}`), utf8('x')]]);
      expect(text(s.get(utf8('a')))).toBe(String(v));
      expect(text(s.get(utf8(`k${v}`)))).toBe('x');
      expect(text(s.get(utf8(`k${v - 1n}`)))).toBe(v > 2n ? 'x' : undefined);
    }
    await commit(t, s, 12n, [[utf8('new'), utf8('here')], [utf8('b'), undefined]]);
    expect(text(s.get(utf8('new')))).toBe('here');
    expect(s.get(utf8('b'))).toBeUndefined();
    // A fresh store over the same database agrees with the cached one.
    const fresh = await StateStore.load(t.db);
    for (const k of ['a', 'b', 'new', 'k5', 'k11']) expect(text(fresh.get(utf8(k)))).toEqual(text(s.get(utf8(k))));
  });

  it('staged but not applied changes are not visible (the block may never reach the disk)', async () => {
    const s = await StateStore.load(t.db);
    await commit(t, s, 1n, [[utf8('a'), utf8('1')]]);
    expect(text(s.get(utf8('a')))).toBe('1');
    s.stage(2n, [[utf8('a'), utf8('2')]], t.db.batch()); // never written, never applied
    expect(text(s.get(utf8('a')))).toBe('1');
  });

  it('ValueCache: a value set after a generation turn replaces the old generation copy', () => {
    const c = new ValueCache(4); // two per generation
    c.set('k', utf8('old'));
    c.set('x', null);
    c.set('y', null); // k and x now in the old generation
    c.set('k', utf8('new'));
    c.set('z', null);
    c.set('w', null); // young (k, z) becomes old; the stale k must be gone
    expect(text(c.get('k') ?? undefined)).toBe('new');
    expect(c.get('x')).toBeUndefined(); // dropped with its generation
    expect(c.get('w')).toBeNull();
  });
});
