// Peer exchange inside the piece protocol, with real nodes on 127.0.0.1: a leecher that knows
// one member of a content's swarm (no provider record) finds the others through it; a Peers
// message that is malformed or too long bans its sender.
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { MAX_PEX_PEERS } from '../../../src/swarm/protocol.js';
import { bareNode, ciphertext, cleanTempDirs, connect, MiB, type Peer, seedRandom, startPeer, waitFor } from './harness.js';
import { RawClient } from './rawClient.js';

describe('swarm: peer exchange', () => {
  const peers: Peer[] = [];
  const nodes: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all([...peers.splice(0).map((p) => p.stop()), ...nodes.splice(0).map((n) => n.stop())]);
    cleanTempDirs();
  });

  it('a leecher connected only to a peer that is itself downloading finds that peer’s seeder and dials it', async () => {
    // The seeder uploads slowly, so the middle peer is still downloading (a session open) when the leecher comes.
    const seeder = await startPeer({ uploadRateBytesPerSec: 2 * MiB });
    const middle = await startPeer();
    const leecher = await startPeer();
    peers.push(seeder, middle, leecher);
    const content = await seedRandom(seeder, 4 * MiB);
    const opts = { plainSize: content.layout.plainSize, pieceBlocks: 16 };
    await connect(middle, seeder);
    const middleDone = middle.swarm.download(content.contentId, opts);
    await waitFor('the middle peer to hold a piece', () => (middle.store.get(content.contentId)?.completePieces ?? 0) > 0);

    await connect(leecher, middle); // no provider records: the middle peer is all the leecher knows
    await leecher.swarm.download(content.contentId, opts);
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(seeder, content.contentId))).toBe(true);
    const seederId = seeder.libp2p.peerId.toString();
    expect(leecher.libp2p.getConnections().some((c) => c.remotePeer.toString() === seederId)).toBe(true);
    await middleDone;
    expect(leecher.swarm.stats().banned + middle.swarm.stats().banned).toBe(0);
  });

  it('a Peers message with an address that names no peer, or with too many entries, bans its sender', async () => {
    const seeder = await startPeer();
    peers.push(seeder);
    const content = await seedRandom(seeder, 1 * MiB);
    const noPeer = multiaddr('/ip4/127.0.0.1/tcp/4001').bytes;
    const named = multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${seeder.libp2p.peerId.toString()}`).bytes;
    for (const addrs of [[noPeer], Array.from({ length: MAX_PEX_PEERS + 1 }, () => named)]) {
      const raw = await bareNode();
      nodes.push(raw);
      const c = await RawClient.open(raw, seeder.libp2p);
      c.send({ type: 'handshake', contentId: content.contentId, version: 1 });
      await c.next('handshake');
      c.sendMany([{ type: 'peers', addrs: [named] }]); // a well-formed one first: accepted
      await new Promise((r) => setTimeout(r, 100));
      expect(c.closed).toBe(false);
      c.sendMany([{ type: 'peers', addrs }]);
      await c.waitClosed();
      expect(seeder.ctx.isBanned(raw.peerId.toString())).toBe(true);
    }
  });
});
