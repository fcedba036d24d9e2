// Fetching a content's piece layer from one peer, in hash answers of at most
// MAX_HASHES_PER_FRAME entries with a few in flight, and checking it against the content id.
import type { ContentLayout } from './layout.js';
import { verifyPieceLayer } from './merkle.js';
import { MAX_HASHES_PER_FRAME } from './protocol.js';
import type { Session } from './session.js';

const REQUESTS_IN_FLIGHT = 8;

export type LayerAnswer =
  | { kind: 'ignored' } // late or never asked
  | { kind: 'more' }
  | { kind: 'done'; pieceLayer: Uint8Array }
  | { kind: 'bad'; why: string };

export class PieceLayerFetch {
  private readonly buf: Uint8Array;
  private readonly asked = new Set<number>(); // offsets outstanding
  private nextOffset = 0;
  private received = 0;
  lastActivity = Date.now();

  constructor(readonly session: Session, private readonly layout: ContentLayout, private readonly contentId: Uint8Array) {
    this.buf = new Uint8Array(layout.numPieces * 32);
  }

  /** Asks for the next chunks, keeping a few requests in flight. */
  pump(): void {
    while (this.asked.size < REQUESTS_IN_FLIGHT && this.nextOffset < this.layout.numPieces) {
      const count = Math.min(MAX_HASHES_PER_FRAME, this.layout.numPieces - this.nextOffset);
      this.asked.add(this.nextOffset);
      this.session.send({ type: 'hash_request', request: { kind: 'piece_layer', offset: this.nextOffset, count } });
      this.nextOffset += count;
    }
  }

  /** Takes one answer from `from`; asks for more, or says the layer is complete and checked, or bad. */
  onAnswer(from: Session, offset: number, count: number, hashes: Uint8Array): LayerAnswer {
    if (from !== this.session || !this.asked.has(offset)) return { kind: 'ignored' };
    if (hashes.length !== count * 32 || count !== Math.min(MAX_HASHES_PER_FRAME, this.layout.numPieces - offset)) return { kind: 'bad', why: 'a piece-layer answer of the wrong size' };
    this.asked.delete(offset);
    this.buf.set(hashes, offset * 32);
    this.received += count;
    this.lastActivity = Date.now();
    if (this.received < this.layout.numPieces) {
      this.pump();
      return { kind: 'more' };
    }
    if (!verifyPieceLayer(this.buf, this.layout, this.contentId)) return { kind: 'bad', why: 'a piece layer that does not hash to the content id' };
    return { kind: 'done', pieceLayer: this.buf };
  }
}
