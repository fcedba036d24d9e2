// A fresh download's opening: the piece layer, our interest and the first pieces' leaves and
// blocks all go out with the handshake. Checked against a hand-driven provider (a bare libp2p
// node answering the piece protocol by hand) that records what the real leecher sends.
import type { Libp2p, Stream } from '@libp2p/interface';
import { silentLogger } from '../../../src/consensus/interface.js';
import { Bitfield } from '../../../src/swarm/bitfield.js';
import { PROTOCOL_PIECES } from '../../../src/swarm/protocol.js';
import { framedMessages, handshakeMessage, pumpFrames } from '../../../src/swarm/session.js';
import { decodePieceMessage, type PieceMessage, RejectReason } from '../../../src/swarm/wire.js';
import { bareNode, cleanTempDirs, type Peer, seedRandom, startPeer, waitFor, MiB } from './harness.js';

/** A provider driven by hand: records every message of its one session, answers through `reply`. */
async function handProvider(): Promise<{ node: Libp2p; got: PieceMessage[]; reply: (msgs: PieceMessage[]) => void; records: () => { peerId: string; addrs: string[] }[] }> {
  const node = await bareNode();
  const got: PieceMessage[] = [];
  let stream: Stream | undefined;
  const ctx = { libp2p: undefined as never, log: silentLogger, peers: () => [], ban: () => {}, isBanned: () => false };
  await node.handle(PROTOCOL_PIECES, (s) => {
    stream = s;
    pumpFrames(ctx, s, 'leecher', (f) => got.push(decodePieceMessage(f)));
  });
  return {
    node,
    got,
    reply: (msgs) => stream!.send(framedMessages(msgs)),
    records: () => [{ peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) }],
  };
}

describe('swarm: a download asks for its first blocks with the handshake', () => {
  const peers: Peer[] = [];
  const nodes: Libp2p[] = [];
  const aborts: AbortController[] = [];
  afterEach(async () => {
    for (const a of aborts.splice(0)) a.abort();
    await Promise.all([...peers.splice(0).map((p) => p.stop()), ...nodes.splice(0).map((n) => n.stop())]);
    cleanTempDirs();
  });

  // 2 MiB + 1000 bytes at 16 blocks a piece: 9 pieces, and the first pipeline (128 blocks) is 8.
  async function opening() {
    const creator = await startPeer();
    const leecher = await startPeer();
    peers.push(creator, leecher);
    const content = await seedRandom(creator, 2 * MiB + 1000);
    const hand = await handProvider();
    nodes.push(hand.node);
    const abort = new AbortController();
    aborts.push(abort);
    const download = leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16, providers: async () => hand.records(), signal: abort.signal });
    download.catch(() => {});
    await waitFor('the leecher to ask for blocks', () => hand.got.some((m) => m.type === 'request'));
    return { content, hand, leecher, download };
  }

  it('the layer, interest, leaves and blocks are asked for before the provider has said a word', async () => {
    const { content, hand } = await opening();
    const kinds = hand.got.map((m) => (m.type === 'hash_request' ? `${m.type}:${m.request.kind}` : m.type));
    expect(kinds[0]).toBe('handshake');
    expect(kinds.slice(1, 3)).toEqual(['hash_request:piece_layer', 'interested']);
    const pieces = hand.got.flatMap((m) => (m.type === 'hash_request' && m.request.kind === 'leaves' ? [m.request.piece] : []));
    const blocks = hand.got.flatMap((m) => (m.type === 'request' ? [[m.first, m.count]] : []));
    expect(content.layout.numPieces).toBe(9);
    expect(pieces).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(blocks).toEqual([
      [0, 64],
      [64, 64],
    ]);
  });

  it('a provider that holds none of those pieces refuses them and is asked for others at once (no snub)', async () => {
    const { content, hand } = await opening();
    const holds = new Bitfield(content.layout.numPieces);
    holds.set(8); // only the last piece
    const asked = hand.got.splice(0);
    const refusals: PieceMessage[] = asked.flatMap((m): PieceMessage[] =>
      m.type === 'request' ? [{ type: 'reject', first: m.first, count: m.count, reason: RejectReason.NOT_HELD, message: 'not held' }]
      : m.type === 'hash_request' && m.request.kind === 'leaves' ? [{ type: 'reject', first: 0, count: 0, reason: RejectReason.NOT_HELD, message: 'not held', hashRequest: m.request }]
      : [],
    );
    hand.reply([
      handshakeMessage(content.contentId),
      { type: 'bitfield', bits: holds.bits },
      { type: 'unchoke' },
      { type: 'hashes', request: { kind: 'piece_layer', offset: 0, count: content.layout.numPieces }, hashes: content.pieceLayer },
      ...refusals,
    ]);
    const refusedAt = Date.now();
    // A snubbed peer would hear nothing for 2 s.
    await waitFor('a request for the piece it holds', () => hand.got.some((m) => m.type === 'request' && m.first === 8 * 16), 1500);
    expect(Date.now() - refusedAt).toBeLessThan(1500);
    expect(hand.got.some((m) => m.type === 'hash_request' && m.request.kind === 'leaves' && m.request.piece === 8)).toBe(true);
  });
});
