import { createHash } from 'node:crypto';
import { StateStore, verifyStateProof, encodeStateProof, decodeStateProof, EMPTY_STATE_ROOT, type StateProof } from '../../../src/storage/state/index.js';
import { StorageError } from '../../../src/storage/errors.js';
import { collect, hex, shuffled, tempDb, utf8, type TempDb } from './helpers.js';

type Change = [Uint8Array, Uint8Array | undefined];

// An independent, naive model of the documented tree: leaf = H(0||H(k)||H(v)),
// inner = H(1||l||r), empty = 32 zero bytes, a subtree holding one key is that key's leaf.
const H = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
function modelRoot(entries: Array<[Uint8Array, Uint8Array]>): string {
  const items = entries.map(([k, v]) => ({ kh: H(k), vh: H(v) })).sort((a, b) => Buffer.compare(a.kh, b.kh));
  const bit = (h: Uint8Array, d: number) => (h[d >> 3]! >> (7 - (d & 7))) & 1;
  const go = (list: typeof items, d: number): Uint8Array => {
    if (list.length === 0) return new Uint8Array(32);
    if (list.length === 1) return H(Uint8Array.of(0), list[0]!.kh, list[0]!.vh);
    return H(Uint8Array.of(1), go(list.filter((x) => bit(x.kh, d) === 0), d + 1), go(list.filter((x) => bit(x.kh, d) === 1), d + 1));
  };
  return hex(go(items, 0));
}

async function commit(t: TempDb, store: StateStore, version: bigint, changes: Change[]) {
  const batch = t.db.batch();
  const staged = store.stage(version, changes, batch);
  await batch.write();
  store.applyStaged(staged);
  return staged.root;
}

const pairs = (n: number, tag = 'v'): Change[] => Array.from({ length: n }, (_, i) => [utf8(`key/${i}`), utf8(`${tag}${i}`)]);

describe('StateStore', () => {
  let t: TempDb;
  beforeEach(async () => {
    t = await tempDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('starts empty with the documented empty root (32 zero bytes)', async () => {
    const s = await StateStore.load(t.db);
    expect(s.version).toBe(0n);
    expect(s.initialized).toBe(false);
    expect(hex(s.root)).toBe('00'.repeat(32));
    expect(hex(EMPTY_STATE_ROOT)).toBe('00'.repeat(32));
  });

  it('root depends only on the set of pairs, not on order or history', async () => {
    const a = await StateStore.load(t.db);
    const rootA = await commit(t, a, 1n, pairs(300));

    const t2 = await tempDb();
    try {
      const b = await StateStore.load(t2.db);
      // different order, split over several versions, with detours (extra keys later deleted, values overwritten)
      const mixed = shuffled(pairs(300), 7);
      await commit(t2, b, 1n, [...mixed.slice(0, 100), [utf8('temp'), utf8('x')], [utf8('key/5'), utf8('wrong')]]);
      await commit(t2, b, 2n, [...mixed.slice(100, 250), [utf8('temp'), undefined]]);
      await commit(t2, b, 3n, [...mixed.slice(250), [utf8('key/5'), utf8('v5')], [utf8('never-existed'), undefined]]);
      expect(hex(b.root)).toBe(hex(rootA));
    } finally {
      await t2.cleanup();
    }
    expect(hex(rootA)).not.toBe('00'.repeat(32));
  });

  it('matches an independent model of the tree after inserts, updates and deletes', async () => {
    const s = await StateStore.load(t.db);
    const model = new Map<string, [Uint8Array, Uint8Array]>();
    const apply = async (version: bigint, changes: Change[]) => {
      for (const [k, v] of changes) v ? model.set(hex(k), [k, v]) : model.delete(hex(k));
      const root = await commit(t, s, version, changes);
      expect(hex(root)).toBe(modelRoot([...model.values()]));
    };
    await apply(1n, [[utf8('only'), utf8('1')]]);
    await apply(2n, pairs(64));
    await apply(3n, [[utf8('only'), undefined], ...pairs(20).map(([k]) => [k, undefined] as Change)]);
    await apply(4n, pairs(40, 'w'));
    await apply(5n, pairs(64).map(([k]) => [k, undefined] as Change));
  });

  it('the last change of a key in one stage wins', async () => {
    const s = await StateStore.load(t.db);
    await commit(t, s, 1n, [[utf8('k'), utf8('1')], [utf8('k'), utf8('2')], [utf8('j'), utf8('x')], [utf8('j'), undefined]]);
    expect(Buffer.from(s.get(utf8('k'))!).toString()).toBe('2');
    expect(s.get(utf8('j'))).toBeUndefined();
  });

  it('staged but unwritten changes are invisible, and a stale staged set is refused', async () => {
    const s = await StateStore.load(t.db);
    const root1 = await commit(t, s, 1n, pairs(10));
    const batch = t.db.batch();
    const staged = s.stage(2n, [[utf8('key/1'), utf8('changed')], [utf8('new'), utf8('n')]], batch);
    expect(hex(staged.root)).not.toBe(hex(root1));
    expect(s.version).toBe(1n);
    expect(hex(s.root)).toBe(hex(root1));
    expect(Buffer.from(s.get(utf8('key/1'))!).toString()).toBe('v1');
    expect(s.get(utf8('new'))).toBeUndefined();
    // never written: a fresh load from disk sees version 1
    const reloaded = await StateStore.load(t.db);
    expect(reloaded.version).toBe(1n);
    expect(hex(reloaded.root)).toBe(hex(root1));
    // a second stage on the same base commits; the first one is now stale
    await commit(t, s, 2n, [[utf8('other'), utf8('o')]]);
    expect(() => s.applyStaged(staged)).toThrow('STORAGE_STALE_STAGED');
    expect(() => s.stage(2n, [], t.db.batch())).toThrow('STORAGE_STATE_VERSION');
  });

  it('genesis may commit at version 0, later versions must go up', async () => {
    const s = await StateStore.load(t.db);
    const root0 = await commit(t, s, 0n, pairs(3));
    expect(s.initialized).toBe(true);
    expect(s.version).toBe(0n);
    expect(() => s.stage(0n, [], t.db.batch())).toThrow(StorageError);
    const reloaded = await StateStore.load(t.db);
    expect(reloaded.initialized).toBe(true);
    expect(hex(reloaded.rootAt(0n)!)).toBe(hex(root0));
  });

  it('reloads from disk with the same root, version and values', async () => {
    const s = await StateStore.load(t.db);
    await commit(t, s, 1n, pairs(200));
    const root = await commit(t, s, 2n, [[utf8('key/3'), undefined], [utf8('key/4'), utf8('four')]]);
    await t.reopen();
    const r = await StateStore.load(t.db);
    expect(r.version).toBe(2n);
    expect(hex(r.root)).toBe(hex(root));
    expect(r.get(utf8('key/3'))).toBeUndefined();
    expect(Buffer.from(r.get(utf8('key/4'))!).toString()).toBe('four');
    // the reloaded tree (cold cache) keeps working
    const root3 = await commit(t, r, 3n, [[utf8('key/5'), undefined]]);
    expect(hex(root3)).not.toBe(hex(root));
  });

  it('deleting every key gives the empty root again', async () => {
    const s = await StateStore.load(t.db);
    await commit(t, s, 1n, pairs(50));
    await commit(t, s, 2n, pairs(25).map(([k]) => [k, undefined] as Change));
    const root = await commit(t, s, 3n, pairs(50).slice(25).map(([k]) => [k, undefined] as Change));
    expect(hex(root)).toBe('00'.repeat(32));
    expect(await collect(s.iterate(utf8('key/')))).toEqual([]);
  });

  it('iterates latest values by prefix in key order, with start, reverse and limit', async () => {
    const s = await StateStore.load(t.db);
    await commit(t, s, 1n, [
      [utf8('a/1'), utf8('1')],
      [utf8('a/2'), utf8('2')],
      [utf8('a/3'), utf8('3')],
      [utf8('b/1'), utf8('x')],
    ]);
    const keys = async (...args: Parameters<StateStore['iterate']>) =>
      (await collect(s.iterate(...args))).map(([k]) => Buffer.from(k).toString());
    expect(await keys(utf8('a/'))).toEqual(['a/1', 'a/2', 'a/3']);
    expect(await keys(utf8('a/'), { start: utf8('a/2') })).toEqual(['a/2', 'a/3']);
    expect(await keys(utf8('a/'), { reverse: true })).toEqual(['a/3', 'a/2', 'a/1']);
    expect(await keys(utf8('a/'), { reverse: true, start: utf8('a/2') })).toEqual(['a/2', 'a/1']);
    expect(await keys(utf8('a/'), { limit: 1 })).toEqual(['a/1']);
    expect(await keys(utf8(''))).toEqual(['a/1', 'a/2', 'a/3', 'b/1']);
  });

  describe('proofs', () => {
    let s: StateStore;
    let root1: Uint8Array;
    let root2: Uint8Array;
    beforeEach(async () => {
      s = await StateStore.load(t.db);
      root1 = await commit(t, s, 1n, pairs(500));
      root2 = await commit(t, s, 2n, [[utf8('key/7'), utf8('seven')], [utf8('key/8'), undefined]]);
    });

    it('membership proofs verify for present keys and fail for wrong values and roots', async () => {
      for (const i of [0, 1, 42, 499]) {
        const key = utf8(`key/${i}`);
        const proof = await s.prove(key);
        expect(verifyStateProof(root2, key, utf8(`v${i}`), proof)).toBe(true);
        expect(verifyStateProof(root2, key, utf8(`v${i}x`), proof)).toBe(false);
        expect(verifyStateProof(root2, key, undefined, proof)).toBe(false);
        expect(verifyStateProof(root1.map((b, j) => (j === 0 ? b ^ 1 : b)), key, utf8(`v${i}`), proof)).toBe(false);
        expect(verifyStateProof(root2, utf8(`key/${i + 1}`), utf8(`v${i}`), proof)).toBe(false);
      }
    });

    it('non-membership proofs verify for absent keys and fail for present ones', async () => {
      for (const name of ['missing', 'key/8', 'key/500', '']) {
        const key = utf8(name);
        const proof = await s.prove(key);
        expect(verifyStateProof(root2, key, undefined, proof)).toBe(true);
        expect(verifyStateProof(root2, key, utf8('anything'), proof)).toBe(false);
      }
      // a present key's proof cannot be passed off as absence, nor absence of another key
      const present = await s.prove(utf8('key/1'));
      expect(verifyStateProof(root2, utf8('key/1'), undefined, present)).toBe(false);
    });

    it('proves old versions against their own root and reads old values', async () => {
      const key = utf8('key/7');
      const old = await s.getWithProof(key, 1n);
      expect(Buffer.from(old.value!).toString()).toBe('v7');
      expect(verifyStateProof(root1, key, utf8('v7'), old.proof)).toBe(true);
      expect(verifyStateProof(root2, key, utf8('v7'), old.proof)).toBe(false);
      const gone = await s.getWithProof(utf8('key/8'), 2n);
      expect(gone.value).toBeUndefined();
      expect(verifyStateProof(root2, utf8('key/8'), undefined, gone.proof)).toBe(true);
      await expect(s.prove(key, 9n)).rejects.toThrow('STORAGE_STATE_VERSION');
    });

    it('tampered proofs fail', async () => {
      const key = utf8('key/3');
      const proof = await s.prove(key);
      expect(proof.siblings.length).toBeGreaterThan(0);
      const flip = (b: Uint8Array) => b.map((x, i) => (i === 31 ? x ^ 1 : x));
      const cases: StateProof[] = [
        { ...proof, siblings: proof.siblings.map((x, i) => (i === proof.siblings.length - 1 ? flip(x) : x)) },
        { ...proof, siblings: proof.siblings.slice(1) },
        { ...proof, siblings: [...proof.siblings, new Uint8Array(32)] },
        { siblings: proof.siblings },
        { ...proof, leaf: { keyHash: proof.leaf!.keyHash, valueHash: flip(proof.leaf!.valueHash) } },
        { ...proof, siblings: proof.siblings.map((x) => x.subarray(1)) },
      ];
      for (const bad of cases) expect(verifyStateProof(root2, key, utf8('v3'), bad)).toBe(false);
      expect(verifyStateProof(new Uint8Array(31), key, utf8('v3'), proof)).toBe(false);
    });

    it('proof bytes round-trip and a decoded proof still verifies', async () => {
      for (const name of ['key/10', 'absent-key']) {
        const key = utf8(name);
        const proof = await s.prove(key);
        const bytes = encodeStateProof(proof);
        const back = decodeStateProof(bytes);
        expect(back.siblings.map(hex)).toEqual(proof.siblings.map(hex));
        expect(verifyStateProof(root2, key, name === 'key/10' ? utf8('v10') : undefined, back)).toBe(true);
        expect(hex(encodeStateProof(back))).toBe(hex(bytes));
      }
    });
  });

  it('a proof in an empty tree and in a one-key tree', async () => {
    const s = await StateStore.load(t.db);
    const p0 = await s.prove(utf8('a'));
    expect(verifyStateProof(s.root, utf8('a'), undefined, p0)).toBe(true);
    await commit(t, s, 1n, [[utf8('a'), utf8('1')]]);
    const p1 = await s.prove(utf8('a'));
    expect(p1.siblings.length).toBe(0);
    expect(verifyStateProof(s.root, utf8('a'), utf8('1'), p1)).toBe(true);
    const p2 = await s.prove(utf8('b'));
    expect(verifyStateProof(s.root, utf8('b'), undefined, p2)).toBe(true);
  });

  it('garbage proof bytes give a clear error, never a crash', () => {
    const garbage = [
      new Uint8Array(0),
      Uint8Array.of(1),
      Uint8Array.of(2, 0, 0, 0),
      Uint8Array.of(1, 7, 0, 0),
      Uint8Array.of(1, 0, 0xff, 0xff),
      Uint8Array.of(1, 0, 0, 1, 0x80),
      Uint8Array.of(1, 0, 0, 1, 0x40),
      Uint8Array.of(1, 1, 0, 0, 9, 9),
      new Uint8Array(100_000),
    ];
    for (const g of garbage) {
      expect(() => decodeStateProof(g)).toThrow(StorageError);
      expect(() => decodeStateProof(g)).toThrow(/STORAGE_BAD_PROOF/);
    }
    // deterministic pseudo-random bytes: decoder either decodes or throws StorageError
    let seed = 1;
    for (let n = 0; n < 2000; n++) {
      const len = n % 80;
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        b[i] = seed >>> 24;
      }
      if (len > 0) b[0] = 1;
      try {
        decodeStateProof(b);
      } catch (e) {
        expect(e).toBeInstanceOf(StorageError);
      }
    }
  });
});
