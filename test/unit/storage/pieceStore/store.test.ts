// Registering, finding and removing contents; meta checks.
import fs from 'node:fs';
import path from 'node:path';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { expectCode, makeContent, tempDir } from './helpers.js';

describe('PieceStore contents', () => {
  let t: ReturnType<typeof tempDir>;
  let store: PieceStore;
  beforeEach(async () => {
    t = tempDir();
    store = await PieceStore.open(t.dir);
  });
  afterEach(async () => {
    await store.close();
    t.cleanup();
  });

  it('adds, finds by bytes or hex, lists in id order and removes', async () => {
    const a = makeContent(40);
    const b = makeContent(3);
    const ha = await store.add(a.meta);
    const hb = await store.add(b.meta);
    expect(ha.layout.numPieces).toBe(3);
    expect(ha.completePieces).toBe(0);
    expect(ha.complete).toBe(false);
    expect(hb.layout.pieceBlocks).toBe(4); // effective: min(16, leafCount)
    expect(store.get(a.meta.contentId)).toBe(ha);
    expect(store.get(ha.idHex)).toBe(ha);
    expect(store.get(ha.idHex.toUpperCase())).toBe(ha);
    expect(store.get('nothex')).toBeUndefined();
    expect(store.get(new Uint8Array(5))).toBeUndefined();
    expect(store.list().map((h) => h.idHex)).toEqual([ha.idHex, hb.idHex].sort());
    expect(fs.statSync(path.join(t.dir, ha.idHex, 'blocks')).size).toBe(40 * 16384);
    expect(fs.statSync(path.join(t.dir, ha.idHex, 'leaves')).size).toBe(40 * 32);

    expect(await store.add(a.meta)).toBe(ha); // idempotent
    await store.remove(ha.idHex);
    expect(store.get(a.meta.contentId)).toBeUndefined();
    expect(fs.existsSync(path.join(t.dir, ha.idHex))).toBe(false);
    expect(store.list()).toEqual([hb]);
    await expectCode(ha.readBlocks(0, 1), 'STORE_UNKNOWN_CONTENT');
    await expectCode(ha.writeBlock(0, a.block(0), a.leaf(0)), 'STORE_UNKNOWN_CONTENT');
    await expectCode(store.remove(ha.idHex), 'STORE_UNKNOWN_CONTENT');

    // Gone after a reopen too.
    await store.close();
    store = await PieceStore.open(t.dir);
    expect(store.list().map((h) => h.idHex)).toEqual([hb.idHex]);
  });

  it('refuses a meta whose piece layer does not hash to the id, or a bad layout', async () => {
    const a = makeContent(20);
    const badLayer = Uint8Array.from(a.meta.pieceLayer);
    badLayer[0]! ^= 1;
    await expectCode(store.add({ ...a.meta, pieceLayer: badLayer }), 'STORE_BAD_META');
    await expectCode(store.add({ ...a.meta, pieceLayer: a.meta.pieceLayer.subarray(32) }), 'STORE_BAD_META');
    await expectCode(store.add({ ...a.meta, pieceBlocks: 3 }), 'STORE_BAD_META');
    await expectCode(store.add({ ...a.meta, plainSize: -1n }), 'STORE_BAD_META');
    await expectCode(store.add({ ...a.meta, contentId: new Uint8Array(31) }), 'STORE_BAD_META');
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(t.dir).filter((n) => n.length === 64)).toEqual([]);
  });

  it('refuses the same id with a different layout', async () => {
    const a = makeContent(20);
    await store.add(a.meta);
    // Same blocks, one more byte of plain size: same number of blocks, so the same id.
    await expectCode(store.add({ ...a.meta, plainSize: a.meta.plainSize + 1n }), 'STORE_BAD_META');
  });

  it('keeps its own copy of the meta', async () => {
    const a = makeContent(20);
    const meta = { ...a.meta, pieceLayer: Uint8Array.from(a.meta.pieceLayer) };
    const h = await store.add(meta);
    meta.pieceLayer.fill(0);
    expect(Buffer.compare(h.pieceLayer, a.meta.pieceLayer)).toBe(0);
  });

  it('fails every call with STORE_CLOSED after close', async () => {
    const a = makeContent(20);
    const h = await store.add(a.meta);
    await store.close();
    await expectCode(store.add(a.meta), 'STORE_CLOSED');
    await expectCode(store.stagingDir(), 'STORE_CLOSED');
    await expectCode(h.writeBlock(0, a.block(0), a.leaf(0)), 'STORE_CLOSED');
    await expectCode(h.readBlocks(0, 1), 'STORE_CLOSED');
    await store.close(); // twice is fine
    store = await PieceStore.open(t.dir);
  });

  it('a second process (or store) on the same folder gets a clear error', async () => {
    await expectCode(PieceStore.open(t.dir), 'STORE_IO');
  });
});
