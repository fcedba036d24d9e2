// adoptPacked: a packFile output becomes a complete content in the store.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { packFile } from '../../../../src/swarm/packer.js';
import { decryptToFile } from '../../../../src/swarm/unpacker.js';
import { hashLeaf, pieceRoot } from '../../../../src/swarm/merkle.js';
import { expectCode, makeContent, tempDir, writePacked } from './helpers.js';

describe('PieceStore.adoptPacked', () => {
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

  it('adopts a real packFile output: every piece complete, verifies, decrypts to the input', async () => {
    const plain = randomBytes(3 * 1024 * 1024 + 77);
    const input = path.join(t.dir, 'film.bin');
    fs.writeFileSync(input, plain);
    const key = randomBytes(32);
    const salt = randomBytes(32);
    const staged = await store.stagingDir();
    expect(fs.readdirSync(staged)).toEqual([]);
    const packed = await packFile({ input, outDir: staged, key, salt });
    const meta = { contentId: packed.contentId, plainSize: BigInt(plain.length), pieceBlocks: 16, pieceLayer: packed.pieceLayer };
    const h = await store.adoptPacked(meta, staged);
    expect(fs.existsSync(staged)).toBe(false);
    expect(h.complete).toBe(true);
    expect(h.completePieces).toBe(packed.layout.numPieces);
    // Each piece's leaves hash to its piece-layer entry and each block to its leaf.
    for (let p = 0; p < h.layout.numPieces; p++) {
      const leaves = await h.readLeaves(p);
      expect(Buffer.compare(pieceRoot(leaves, h.layout.pieceBlocks), h.pieceLayer.subarray(p * 32, p * 32 + 32))).toBe(0);
      const first = p * h.layout.pieceBlocks;
      const blocks = await h.readBlocks(first, leaves.length / 32);
      expect(Buffer.compare(hashLeaf(blocks.subarray(0, 16384)), leaves.subarray(0, 32))).toBe(0);
    }
    const out = path.join(t.dir, 'out.bin');
    await decryptToFile({ readBlocks: (f, n) => h.readBlocks(f, n), layout: h.layout, key, salt, output: out });
    expect(Buffer.compare(fs.readFileSync(out), plain)).toBe(0);

    // Survives a reopen; adopting again is a no-op that cleans the staged folder.
    await store.close();
    store = await PieceStore.open(t.dir);
    const again = store.get(h.idHex)!;
    expect(again.complete).toBe(true);
    const staged2 = await store.stagingDir();
    await packFile({ input, outDir: staged2, key, salt });
    expect(await store.adoptPacked(meta, staged2)).toBe(again);
    expect(fs.existsSync(staged2)).toBe(false);
  });

  it('refuses leaves that do not match the piece layer, or files of the wrong size', async () => {
    const c = makeContent(40, 4);
    const staged = await store.stagingDir();
    writePacked(staged, c);
    const bad = Uint8Array.from(c.leaves);
    bad[100]! ^= 1;
    fs.writeFileSync(path.join(staged, 'leaves'), bad);
    await expectCode(store.adoptPacked(c.meta, staged), 'STORE_BAD_META');
    fs.writeFileSync(path.join(staged, 'leaves'), c.leaves.subarray(32));
    await expectCode(store.adoptPacked(c.meta, staged), 'STORE_BAD_META');
    fs.writeFileSync(path.join(staged, 'leaves'), c.leaves);
    fs.truncateSync(path.join(staged, 'blocks'), 39 * 16384);
    await expectCode(store.adoptPacked(c.meta, staged), 'STORE_BAD_META');
    fs.rmSync(path.join(staged, 'blocks'));
    await expectCode(store.adoptPacked(c.meta, staged), 'STORE_BAD_META');
    expect(store.list()).toEqual([]);
  });

  it('replaces a download in progress of the same content', async () => {
    const c = makeContent(40, 4);
    const downloading = await store.add(c.meta);
    for (let i = 0; i < 6; i++) await downloading.writeBlock(i, c.block(i), c.leaf(i));
    expect(downloading.completePieces).toBe(1);
    const staged = await store.stagingDir();
    writePacked(staged, c);
    const h = await store.adoptPacked(c.meta, staged);
    expect(h).not.toBe(downloading);
    expect(h.complete).toBe(true);
    await expectCode(downloading.writeBlock(7, c.block(7), c.leaf(7)), 'STORE_UNKNOWN_CONTENT');
    expect(Buffer.compare(await h.readBlocks(0, 40), c.blocks)).toBe(0);
  });

  it('clears staging folders left behind at open', async () => {
    const staged = await store.stagingDir();
    fs.writeFileSync(path.join(staged, 'blocks'), 'half');
    await store.close();
    store = await PieceStore.open(t.dir);
    expect(fs.existsSync(staged)).toBe(false);
  });
});
