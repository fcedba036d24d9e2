import { contentIdHex } from '../../../src/swarm/merkle.js';
import { PieceLayerFetch } from '../../../src/swarm/pieceLayerFetch.js';
import { bareNode, cleanTempDirs, ciphertext, connect, type Peer, providerRecords, seedRandom, startPeer, MiB } from './harness.js';
import { RawClient } from './rawClient.js';

describe('swarm transfer over real libp2p', () => {
  const peers: Peer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
    cleanTempDirs();
  });

  it('one seeder -> one leecher: byte-identical ciphertext, progress reported', async () => {
    const seeder = await startPeer();
    const leecher = await startPeer();
    peers.push(seeder, leecher);
    const content = await seedRandom(seeder, 5 * MiB + 12345);
    await connect(leecher, seeder);
    const progress: number[] = [];
    const handle = await leecher.swarm.download(content.contentId, {
      plainSize: content.layout.plainSize,
      pieceBlocks: content.layout.pieceBlocks,
      onProgress: (p) => progress.push(p.piecesDone),
    });
    expect(handle.complete).toBe(true);
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(seeder, content.contentId))).toBe(true);
    expect(progress[progress.length - 1]).toBe(content.layout.numPieces);
    expect(seeder.swarm.stats().uploadedBytes).toBeGreaterThanOrEqual(BigInt(content.layout.numBlocks * 16384));
    expect(leecher.swarm.stats().banned).toBe(0);
  });

  it('piece-layer requests sent with the handshake are answered after it, in one round trip', async () => {
    const seeder = await startPeer();
    peers.push(seeder);
    const content = await seedRandom(seeder, 1 * MiB);
    const raw = await bareNode();
    try {
      const c = await RawClient.open(raw, seeder.libp2p);
      c.sendMany([{ type: 'handshake', contentId: content.contentId, version: 1 }, ...PieceLayerFetch.firstRequests(content.layout)]);
      await c.next('handshake');
      const answer = await c.next('hashes');
      expect(answer.request).toEqual({ kind: 'piece_layer', offset: 0, count: content.layout.numPieces });
      expect(Buffer.from(answer.hashes).equals(Buffer.from(content.pieceLayer))).toBe(true);
    } finally {
      await raw.stop();
    }
  });

  it('the first provider does not hold the content: the layer and the blocks come from the one that does', async () => {
    const empty = await startPeer();
    const seeder = await startPeer();
    const leecher = await startPeer();
    peers.push(empty, seeder, leecher);
    const content = await seedRandom(seeder, 2 * MiB);
    const providers = providerRecords(empty, seeder);
    const handle = await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16, providers: async () => providers });
    expect(handle.idHex).toBe(contentIdHex(content.contentId));
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(seeder, content.contentId))).toBe(true);
    expect(leecher.swarm.stats().banned).toBe(0);
  });

  it('two seeders + one leecher over provider records', async () => {
    const s1 = await startPeer();
    const s2 = await startPeer();
    const leecher = await startPeer();
    peers.push(s1, s2, leecher);
    const content = await seedRandom(s1, 3 * MiB);
    // s2 gets it from s1 first, then both serve.
    await connect(s2, s1);
    await s2.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    const providers = providerRecords(s1, s2);
    await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16, providers: async () => providers });
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(s1, content.contentId))).toBe(true);
    expect(s1.swarm.stats().uploadedBytes + s2.swarm.stats().uploadedBytes).toBeGreaterThan(0n);
  });
});
