import { flipMiddleBit } from '../../../src/node/testFaults.js';
import type { ContentHandle } from '../../../src/storage/pieceStore/index.js';
import { ciphertext, cleanTempDirs, connect, type Peer, seedRandom, startPeer, waitFor, MiB } from './harness.js';

/** Test-only corruption: this seeder's handle flips a bit in every block run it serves. */
function corruptServing(h: ContentHandle): void {
  const read = h.readBlocksInto.bind(h);
  h.readBlocksInto = async (first, count, into) => {
    await read(first, count, into);
    flipMiddleBit(into);
  };
}

describe('swarm faults', () => {
  const peers: Peer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
    cleanTempDirs();
  });

  async function twoSeeders(bytes: number, opts = {}) {
    const s1 = await startPeer(opts);
    const s2 = await startPeer(opts);
    peers.push(s1, s2);
    const content = await seedRandom(s1, bytes);
    await connect(s2, s1);
    await s2.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    return { s1, s2, content };
  }

  it('a seeder that flips bits is banned on its first bad block; the file completes from the other', async () => {
    const { s1, s2, content } = await twoSeeders(4 * MiB);
    corruptServing(s2.store.get(content.contentId)!);
    const leecher = await startPeer();
    peers.push(leecher);
    await connect(leecher, s1);
    await connect(leecher, s2);
    await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(s1, content.contentId))).toBe(true);
    expect(leecher.ctx.isBanned(s2.id)).toBe(true);
    expect(leecher.ctx.isBanned(s1.id)).toBe(false);
    expect(leecher.swarm.stats().banned).toBe(1);
    expect(leecher.warnings.some((w) => w.includes('fails its hash'))).toBe(true);
  });

  it('a seeder stopped mid-transfer does not stop the download', async () => {
    // Slow seeders, so the stop lands mid-transfer.
    const { s1, s2, content } = await twoSeeders(6 * MiB, { uploadRateBytesPerSec: 4 * MiB });
    const leecher = await startPeer();
    peers.push(leecher);
    await connect(leecher, s1);
    await connect(leecher, s2);
    let done = 0;
    const download = leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16, onProgress: (p) => void (done = p.piecesDone) });
    await waitFor('some progress', () => done >= 3, 10_000);
    expect(done).toBeLessThan(content.layout.numPieces);
    await s2.stop();
    await download;
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(s1, content.contentId))).toBe(true);
  });

  it('a leecher stopped and restarted resumes without fetching verified pieces again', async () => {
    const seeder = await startPeer({ uploadRateBytesPerSec: 4 * MiB });
    peers.push(seeder);
    const content = await seedRandom(seeder, 6 * MiB);
    const { numPieces, numBlocks } = content.layout;
    let leecher = await startPeer();
    await connect(leecher, seeder);
    let done = 0;
    const first = leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16, onProgress: (p) => void (done = p.piecesDone) });
    first.catch(() => {});
    await waitFor('half the pieces', () => done >= numPieces / 2, 10_000);
    const dir = leecher.dir;
    await leecher.stop();
    await expect(first).rejects.toMatchObject({ code: 'SWARM_STOPPED' });

    leecher = await startPeer({}, dir);
    peers.push(leecher);
    const held = leecher.store.get(content.contentId)!.completePieces;
    expect(held).toBeGreaterThanOrEqual(done);
    await connect(leecher, seeder);
    await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(seeder, content.contentId))).toBe(true);
    const missingBlocks = numBlocks - held * 16;
    expect(leecher.swarm.requestedBlocks).toBeGreaterThan(0);
    // End-game may ask twice for a few of the last blocks; nothing held is asked for.
    expect(leecher.swarm.requestedBlocks).toBeLessThanOrEqual(missingBlocks + 128);
    expect(leecher.swarm.requestedBlocks).toBeLessThan(numBlocks);
  });

  it('choking: with one upload slot (+1 optimistic) three leechers all finish', async () => {
    const seeder = await startPeer({ maxUploadSlots: 1, rechokeMs: 200, optimisticUnchokeMs: 400, uploadRateBytesPerSec: 8 * MiB });
    peers.push(seeder);
    const content = await seedRandom(seeder, 2 * MiB);
    const leechers = await Promise.all([startPeer(), startPeer(), startPeer()]);
    peers.push(...leechers);
    let maxUnchoked = 0;
    const choker = (seeder.swarm as unknown as { choker: { unchokedCount: number } }).choker;
    const timer = setInterval(() => (maxUnchoked = Math.max(maxUnchoked, choker.unchokedCount)), 10);
    try {
      for (const l of leechers) await connect(l, seeder);
      await Promise.all(leechers.map((l) => l.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 })));
    } finally {
      clearInterval(timer);
    }
    const want = await ciphertext(seeder, content.contentId);
    for (const l of leechers) expect((await ciphertext(l, content.contentId)).equals(want)).toBe(true);
    expect(maxUnchoked).toBeLessThanOrEqual(2);
  });
});
