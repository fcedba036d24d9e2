import { BLOCK_PLAIN_BYTES, contentLayout } from '../../../../src/swarm/layout.js';
import { PieceLayerFetch } from '../../../../src/swarm/pieceLayerFetch.js';
import { MAX_HASHES_PER_FRAME } from '../../../../src/swarm/protocol.js';

describe('piece-layer requests sent with the handshake', () => {
  const layoutOf = (pieces: number) => contentLayout(BigInt(pieces * 16 * BLOCK_PLAIN_BYTES), 16);

  it('cover the layer from its start in answer-sized chunks, 8 at most', () => {
    for (const pieces of [1, MAX_HASHES_PER_FRAME, MAX_HASHES_PER_FRAME + 1, 5 * MAX_HASHES_PER_FRAME, 20 * MAX_HASHES_PER_FRAME]) {
      const layout = layoutOf(pieces);
      expect(layout.numPieces).toBe(pieces);
      const chunks = PieceLayerFetch.firstRequests(layout).map((m) => (m.type === 'hash_request' && m.request.kind === 'piece_layer' ? m.request : undefined));
      expect(chunks.length).toBe(Math.min(8, Math.ceil(pieces / MAX_HASHES_PER_FRAME)));
      let next = 0;
      for (const c of chunks) {
        expect(c).toEqual({ kind: 'piece_layer', offset: next, count: Math.min(MAX_HASHES_PER_FRAME, pieces - next) });
        next += c!.count;
      }
    }
  });
});
