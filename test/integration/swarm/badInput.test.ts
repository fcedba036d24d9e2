import { randomBytes } from 'node:crypto';
import { MAX_FRAME_BYTES } from '../../../src/swarm/protocol.js';
import { RejectReason } from '../../../src/swarm/wire.js';
import { bareNode, ciphertext, cleanTempDirs, connect, type Peer, seedRandom, startPeer, MiB } from './harness.js';
import { RawClient } from './rawClient.js';

describe('swarm: bad input from a peer', () => {
  const peers: Peer[] = [];
  const nodes: { stop(): unknown }[] = [];
  afterEach(async () => {
    await Promise.all([...peers.splice(0), ...nodes.splice(0)].map(async (p) => p.stop()));
    cleanTempDirs();
  });

  async function setup() {
    const seeder = await startPeer();
    peers.push(seeder);
    const content = await seedRandom(seeder, 1 * MiB);
    const raw = await bareNode();
    nodes.push(raw);
    return { seeder, content, raw };
  }

  it('unknown content: reject UNKNOWN_CONTENT, then close; no ban', async () => {
    const { seeder, raw } = await setup();
    const c = await RawClient.open(raw, seeder.libp2p);
    c.send({ type: 'handshake', contentId: randomBytes(32), version: 1 });
    const r = await c.next('reject');
    expect(r.reason).toBe(RejectReason.UNKNOWN_CONTENT);
    await c.waitClosed();
    expect(seeder.ctx.isBanned(raw.peerId.toString())).toBe(false);
  });

  it('out-of-range and choked requests and hash requests get rejects; the session stays up', async () => {
    const { seeder, content, raw } = await setup();
    const c = await RawClient.open(raw, seeder.libp2p);
    c.send({ type: 'handshake', contentId: content.contentId, version: 1 });
    await c.next('handshake');
    const bf = await c.next('bitfield');
    expect(bf.bits.length).toBe(Math.ceil(content.layout.numPieces / 8));
    c.send({ type: 'bitfield', bits: new Uint8Array(bf.bits.length) });
    c.send({ type: 'request', first: 0, count: 4 }); // still choked
    expect((await c.next('reject')).reason).toBe(RejectReason.CHOKED);
    c.send({ type: 'request', first: content.layout.numBlocks - 1, count: 2 });
    expect((await c.next('reject')).reason).toBe(RejectReason.OUT_OF_RANGE);
    c.send({ type: 'hash_request', request: { kind: 'leaves', piece: content.layout.numPieces } });
    const hr = await c.next('reject');
    expect(hr.reason).toBe(RejectReason.OUT_OF_RANGE);
    expect(hr.hashRequest).toEqual({ kind: 'leaves', piece: content.layout.numPieces });
    c.send({ type: 'interested' });
    await c.next('unchoke');
    c.send({ type: 'hash_request', request: { kind: 'leaves', piece: 0 } });
    c.send({ type: 'request', first: 0, count: 2 });
    const leaves = await c.next('hashes');
    expect(leaves.hashes.length).toBe(16 * 32);
    const b0 = await c.next('block');
    expect(b0.index).toBe(0);
    // too many outstanding: 256 queued blocks allowed, so 6 x 64 arriving together overflow
    c.sendMany(Array.from({ length: 6 }, () => ({ type: 'request' as const, first: 0, count: 64 })));
    expect((await c.next('reject')).reason).toBe(RejectReason.TOO_MANY_REQUESTS);
    expect(c.closed).toBe(false);
    expect(seeder.ctx.isBanned(raw.peerId.toString())).toBe(false);
  });

  it('an oversized frame closes the stream and bans the sender', async () => {
    const { seeder, content, raw } = await setup();
    const c = await RawClient.open(raw, seeder.libp2p);
    c.send({ type: 'handshake', contentId: content.contentId, version: 1 });
    await c.next('handshake');
    c.sendRaw(new Uint8Array(16), MAX_FRAME_BYTES + 1);
    await c.waitClosed();
    expect(seeder.ctx.isBanned(raw.peerId.toString())).toBe(true);
  });

  it('malformed bytes (before or after the handshake) close the stream and ban the sender', async () => {
    const { seeder, content, raw } = await setup();
    const c = await RawClient.open(raw, seeder.libp2p);
    c.sendRaw(Uint8Array.from([0xff, 0xff, 0xff, 0x01]));
    await c.waitClosed();
    expect(seeder.ctx.isBanned(raw.peerId.toString())).toBe(true);

    const raw2 = await bareNode();
    nodes.push(raw2);
    const c2 = await RawClient.open(raw2, seeder.libp2p);
    c2.send({ type: 'handshake', contentId: content.contentId, version: 1 });
    await c2.next('handshake');
    c2.send({ type: 'have', piece: 10_000 }); // no such piece
    await c2.waitClosed();
    expect(seeder.ctx.isBanned(raw2.peerId.toString())).toBe(true);

    // the seeder still serves honest peers
    const leecher = await startPeer();
    peers.push(leecher);
    await connect(leecher, seeder);
    await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    expect((await ciphertext(leecher, content.contentId)).equals(await ciphertext(seeder, content.contentId))).toBe(true);
  });

  it('a download nobody can serve fails with SWARM_NO_PROVIDERS; an aborted one with SWARM_ABORTED', async () => {
    const leecher = await startPeer({ stallTimeoutMs: 800 });
    peers.push(leecher);
    await expect(leecher.swarm.download(randomBytes(32), { plainSize: 1000n, pieceBlocks: 16 })).rejects.toMatchObject({ code: 'SWARM_NO_PROVIDERS' });
    const ac = new AbortController();
    const p = leecher.swarm.download(randomBytes(32), { plainSize: 1000n, pieceBlocks: 16, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'SWARM_ABORTED' });
  });
});
