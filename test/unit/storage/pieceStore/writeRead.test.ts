// Writing verified blocks, reading them back, the bitfield, bad pieces, reopening.
import fs from 'node:fs';
import { PieceStore, type ContentHandle } from '../../../../src/storage/pieceStore/index.js';
import { expectCode, makeContent, shuffled, tempDir, type TestContent } from './helpers.js';

async function writeAll(h: ContentHandle, c: TestContent, order: number[], concurrency = 8): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++]!;
      if ((await h.writeBlock(i, c.block(i), c.leaf(i))).pieceDone) done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

describe('PieceStore blocks', () => {
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

  it('takes every block in random order and reads them back byte-identical', async () => {
    const c = makeContent(150, 8); // 19 pieces, the last one short
    const h = await store.add(c.meta);
    const seen: number[] = [];
    const unsubscribe = h.onPiece((p) => seen.push(p));
    const piecesDone = await writeAll(h, c, shuffled(150));
    unsubscribe();
    expect(piecesDone).toBe(19);
    expect(seen.sort((x, y) => x - y)).toEqual([...Array(19).keys()]);
    expect(h.complete).toBe(true);
    expect(h.completePieces).toBe(19);
    expect(Buffer.compare(await h.readBlocks(0, 150), c.blocks)).toBe(0);
    expect(Buffer.compare(await h.readBlocks(149, 1), c.block(149))).toBe(0);
    expect(Buffer.compare(await h.readBlocks(7, 3), c.blocks.subarray(7 * 16384, 10 * 16384))).toBe(0);
    // Into the caller's buffers (one view per block inside a larger buffer), one readv.
    const frame = Buffer.alloc(3 * (16384 + 10));
    const views = [0, 1, 2].map((k) => frame.subarray(k * (16384 + 10) + 10, (k + 1) * (16384 + 10)));
    await h.readBlocksInto(20, 3, views);
    for (let k = 0; k < 3; k++) expect(Buffer.compare(views[k]!, c.block(20 + k))).toBe(0);
    expect(frame.subarray(0, 10).every((b) => b === 0)).toBe(true);
    await expectCode(h.readBlocksInto(20, 3, views.slice(0, 2)), 'STORE_OUT_OF_RANGE');
    for (let p = 0; p < 19; p++) {
      const count = p === 18 ? 6 : 8;
      expect(Buffer.compare(await h.readLeaves(p), c.leaves.subarray(p * 8 * 32, (p * 8 + count) * 32))).toBe(0);
    }
    // Group commit: fewer commits than pieces when blocks arrive concurrently.
    expect(store.commitStats.pieces).toBe(19);
  });

  it('serves leaves from 64 KiB runs once a run is all held, and per piece before that', async () => {
    const c = makeContent(2100, 8); // 263 pieces: runs of 256 pieces and of 7
    const h = await store.add(c.meta);
    const leavesOf = (p: number) => c.leaves.subarray(p * 8 * 32, Math.min(2100, p * 8 + 8) * 32);
    const writePiece = (p: number) => {
      const first = p * 8;
      const count = Math.min(8, 2100 - first);
      const blocks = Array.from({ length: count }, (_, k) => c.block(first + k));
      return h.writeBlocks(first, blocks, c.leaves.subarray(first * 32, (first + count) * 32));
    };
    for (const p of [0, 1, 2, 4]) await writePiece(p);
    expect(Buffer.compare(await h.readLeaves(1), leavesOf(1))).toBe(0); // run not all held: one piece read
    for (let p = 0; p < 263; p++) if (!h.hasPiece(p)) await writePiece(p);
    expect(h.complete).toBe(true);
    for (const p of [3, 0, 255, 256, 262, 100]) expect(Buffer.compare(await h.readLeaves(p), leavesOf(p))).toBe(0);
    const got = await h.readLeaves(7);
    got.fill(0); // the caller's copy: the cached run stays intact
    expect(Buffer.compare(await h.readLeaves(7), leavesOf(7))).toBe(0);
  });

  it('sets bitfield bits in BitTorrent order and serves only complete pieces', async () => {
    const c = makeContent(40, 4); // 10 pieces -> 2 bytes
    const h = await store.add(c.meta);
    expect(Array.from(h.bitfield())).toEqual([0, 0]);
    for (const p of [0, 9]) for (let i = p * 4; i < p * 4 + 4; i++) await h.writeBlock(i, c.block(i), c.leaf(i));
    expect(Array.from(h.bitfield())).toEqual([0x80, 0x40]);
    expect(h.hasPiece(0) && h.hasPiece(9)).toBe(true);
    expect(h.hasPiece(1) || h.hasPiece(10) || h.hasPiece(-1)).toBe(false);
    // Three blocks of piece 1: held as blocks, not served.
    for (let i = 4; i < 7; i++) expect((await h.writeBlock(i, c.block(i), c.leaf(i))).pieceDone).toBe(false);
    expect(h.hasBlock(4) && h.hasBlock(6)).toBe(true);
    expect(h.hasBlock(7) || h.hasBlock(40) || h.hasBlock(1.5)).toBe(false);
    await expectCode(h.readBlocks(4, 1), 'STORE_NOT_HELD');
    await expectCode(h.readBlocks(2, 4), 'STORE_NOT_HELD'); // spans pieces 0 and 1
    await expectCode(h.readLeaves(1), 'STORE_NOT_HELD');
    expect((await h.writeBlock(7, c.block(7), c.leaf(7))).pieceDone).toBe(true);
    expect(Buffer.compare(await h.readBlocks(0, 8), c.blocks.subarray(0, 8 * 16384))).toBe(0);
  });

  it('rejects bad indexes and sizes with clear codes', async () => {
    const c = makeContent(20, 4);
    const h = await store.add(c.meta);
    await expectCode(h.writeBlock(20, c.block(0), c.leaf(0)), 'STORE_OUT_OF_RANGE');
    await expectCode(h.writeBlock(-1, c.block(0), c.leaf(0)), 'STORE_OUT_OF_RANGE');
    await expectCode(h.writeBlock(0.5, c.block(0), c.leaf(0)), 'STORE_OUT_OF_RANGE');
    await expectCode(h.writeBlock(0, c.block(0).subarray(1), c.leaf(0)), 'STORE_BAD_BLOCK');
    await expectCode(h.writeBlock(0, c.block(0), c.leaf(0).subarray(1)), 'STORE_BAD_BLOCK');
    await expectCode(h.readBlocks(19, 2), 'STORE_OUT_OF_RANGE');
    await expectCode(h.readBlocks(0, 0), 'STORE_OUT_OF_RANGE');
    await expectCode(h.readBlocks(-1, 1), 'STORE_OUT_OF_RANGE');
    await expectCode(h.readBlocks(0, 2000), 'STORE_OUT_OF_RANGE');
    await expectCode(h.readLeaves(5), 'STORE_OUT_OF_RANGE');
    expect(h.hasBlock(0)).toBe(false); // nothing was claimed by the refused writes
  });

  it('ignores a block it already holds, also when the copies race (end game)', async () => {
    const c = makeContent(8, 4);
    const h = await store.add(c.meta);
    const results = await Promise.all([0, 0, 1, 1, 2, 3, 3].map((i) => h.writeBlock(i, c.block(i), c.leaf(i))));
    expect(results.filter((r) => r.pieceDone).length).toBe(1);
    // A late copy of a block of a complete piece, even with other bytes, changes nothing.
    expect((await h.writeBlock(2, Buffer.alloc(16384, 7), c.leaf(2))).pieceDone).toBe(false);
    expect(Buffer.compare(await h.readBlocks(0, 4), c.blocks.subarray(0, 4 * 16384))).toBe(0);
  });

  it('STORE_BAD_PIECE when the leaves do not match the piece layer; the piece is not recorded', async () => {
    const c = makeContent(16, 4);
    const h = await store.add(c.meta);
    const recorded: number[] = [];
    h.onPiece((p) => recorded.push(p));
    const wrongLeaf = Buffer.from(c.leaf(2));
    wrongLeaf[5]! ^= 0xff;
    await h.writeBlock(0, c.block(0), c.leaf(0));
    await h.writeBlock(1, c.block(1), c.leaf(1));
    await h.writeBlock(2, c.block(2), wrongLeaf); // a caller bug: wrong leaf
    await expectCode(h.writeBlock(3, c.block(3), c.leaf(3)), 'STORE_BAD_PIECE');
    expect(h.hasPiece(0)).toBe(false);
    expect(h.hasBlock(0)).toBe(false); // its blocks are forgotten
    expect(recorded).toEqual([]);
    await expectCode(h.readBlocks(0, 1), 'STORE_NOT_HELD');
    // The piece can be written again, correctly.
    for (let i = 0; i < 4; i++) await h.writeBlock(i, c.block(i), c.leaf(i));
    expect(recorded).toEqual([0]);
    // And the bad attempt did not survive a reopen either.
    await store.close();
    store = await PieceStore.open(t.dir);
    const again = store.get(c.meta.contentId)!;
    expect(Array.from(again.bitfield())).toEqual([0x80]);
    expect(Buffer.compare(await again.readLeaves(0), c.leaves.subarray(0, 4 * 32))).toBe(0);
  });

  it('keeps complete pieces across a reopen and forgets half-written ones', async () => {
    const c = makeContent(64, 16);
    let h = await store.add(c.meta);
    await writeAll(h, c, [...Array(40).keys()]); // pieces 0, 1 complete; piece 2 half
    expect(h.completePieces).toBe(2);
    await store.close();
    store = await PieceStore.open(t.dir);
    h = store.get(c.meta.contentId)!;
    expect(h.completePieces).toBe(2);
    expect(Array.from(h.bitfield())).toEqual([0xc0]);
    expect(h.hasBlock(35)).toBe(false);
    expect(Buffer.compare(await h.readBlocks(0, 32), c.blocks.subarray(0, 32 * 16384))).toBe(0);
    await writeAll(h, c, shuffled(64));
    expect(h.complete).toBe(true);
    expect(Buffer.compare(await h.readBlocks(0, 64), c.blocks)).toBe(0);
  });

  it('serves concurrent reads of complete pieces while other pieces are written', async () => {
    const c = makeContent(256, 16);
    const h = await store.add(c.meta);
    await writeAll(h, c, [...Array(64).keys()]); // 4 pieces
    let reading = true;
    let reads = 0;
    const reader = async () => {
      while (reading) {
        const first = Math.floor(Math.random() * 60);
        const got = await h.readBlocks(first, 4);
        expect(Buffer.compare(got, c.blocks.subarray(first * 16384, (first + 4) * 16384))).toBe(0);
        reads++;
      }
    };
    const readers = [reader(), reader(), reader()];
    await writeAll(h, c, shuffled(256).filter((i) => i >= 64));
    reading = false;
    await Promise.all(readers);
    expect(reads).toBeGreaterThan(10);
    expect(h.complete).toBe(true);
  });

  it('flush waits for queued pieces; close lets writes in progress finish and commit', async () => {
    const c = makeContent(32, 4);
    let h = await store.add(c.meta);
    // Fire and forget, as a downloader that does not wait per block might.
    const writes = [...Array(32).keys()].map((i) => h.writeBlock(i, c.block(i), c.leaf(i)));
    await store.close();
    const results = await Promise.all(writes);
    expect(results.filter((r) => r.pieceDone).length).toBe(8);
    await h.flush(); // nothing left to wait for
    store = await PieceStore.open(t.dir);
    h = store.get(c.meta.contentId)!;
    expect(h.complete).toBe(true);
    expect(Buffer.compare(await h.readBlocks(0, 32), c.blocks)).toBe(0);
  });

  it('tells a writer when its blocks are written, before the piece is committed', async () => {
    const c = makeContent(8, 4);
    const h = await store.add(c.meta);
    const events: string[] = [];
    const blocks = [0, 1, 2, 3].map((i) => c.block(i));
    const done = h.writeBlocks(0, blocks, c.leaves.subarray(0, 4 * 32), () => events.push(`written ${h.hasPiece(0)}`));
    await done.then((r) => events.push(`done ${r.pieceDone} ${h.hasPiece(0)}`));
    expect(events).toEqual(['written false', 'done true true']);
    await h.writeBlocks(0, blocks, c.leaves.subarray(0, 4 * 32), () => events.push('written again')); // held: nothing written
    expect(events).toHaveLength(2);
  });

  it('group commit: pieces completing together share one fdatasync and index batch', async () => {
    const c = makeContent(80, 4); // 20 pieces
    const h = await store.add(c.meta);
    for (let i = 0; i < 80; i++) if (i % 4 !== 3) await h.writeBlock(i, c.block(i), c.leaf(i));
    const before = store.commitStats;
    const last = await Promise.all([...Array(20).keys()].map((p) => h.writeBlock(p * 4 + 3, c.block(p * 4 + 3), c.leaf(p * 4 + 3))));
    expect(last.every((r) => r.pieceDone)).toBe(true);
    const after = store.commitStats;
    expect(after.pieces - before.pieces).toBe(20);
    expect(after.commits - before.commits).toBeLessThanOrEqual(5);
    expect(h.complete).toBe(true);
  });

  it('a remove racing block writes fails those writes cleanly and leaves nothing behind', async () => {
    const c = makeContent(64, 4);
    const h = await store.add(c.meta);
    const writes = [...Array(64).keys()].map((i) => h.writeBlock(i, c.block(i), c.leaf(i)));
    await store.remove(c.meta.contentId);
    const results = await Promise.allSettled(writes);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('STORE_UNKNOWN_CONTENT');
    }
    expect(store.get(c.meta.contentId)).toBeUndefined();
    await store.close();
    store = await PieceStore.open(t.dir);
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(t.dir).filter((n: string) => n.length === 64)).toEqual([]);
  });
});
