// Fetching a content's piece layer from one peer, in hash answers of at most
// MAX_HASHES_PER_FRAME entries with a few in flight, and checking it against the content id.
import type { ContentLayout } from './layout.js';
import { verifyPieceLayer } from './merkle.js';
import { toRanges } from './picker.js';
import { MAX_HASHES_PER_FRAME } from './protocol.js';
import type { Session } from './session.js';
import type { PieceMessage } from './wire.js';

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

  /**
   * `sentEarly`: the first requests (firstRequests) already went out with the session's
   * handshake, so the first answers come one round trip sooner.
   */
  constructor(readonly session: Session, private readonly layout: ContentLayout, private readonly contentId: Uint8Array, sentEarly = false) {
    this.buf = new Uint8Array(layout.numPieces * 32);
    if (sentEarly) this.nextRequests();
  }

  /** The requests a fetch starts with: sent right behind a handshake, before the peer answers it. */
  static firstRequests(layout: ContentLayout): PieceMessage[] {
    return layerChunks(layout, 0, REQUESTS_IN_FLIGHT).map(requestOf);
  }

  /** True when firstRequests ask for the whole layer (contents up to 4 GiB at 256 KiB pieces). */
  static firstRequestsCoverAll(layout: ContentLayout): boolean {
    return layout.numPieces <= REQUESTS_IN_FLIGHT * MAX_HASHES_PER_FRAME;
  }

  /**
   * What a fresh download asks for behind the whole layer's requests: the first pieces (one
   * pipeline's worth), we say interested, and ask for their leaves and blocks. The peer answers
   * in order, so the layer is checked, and the picker made, before those leaves and blocks
   * arrive, a round trip sooner than if asked for after the check. A peer that does not hold
   * them refuses, and the picker asks again where they are held.
   */
  static firstPieces(layout: ContentLayout, pipelineBlocks: number): { pieces: number; requests: PieceMessage[] } {
    const pieces = Math.max(1, Math.min(layout.numPieces, Math.floor(pipelineBlocks / layout.pieceBlocks)));
    const blocks = Array.from({ length: Math.min(pieces * layout.pieceBlocks, layout.numBlocks) }, (_, b) => b);
    const requests: PieceMessage[] = [{ type: 'interested' }];
    for (let p = 0; p < pieces; p++) requests.push({ type: 'hash_request', request: { kind: 'leaves', piece: p } });
    for (const r of toRanges(blocks)) requests.push({ type: 'request', first: r.first, count: r.count });
    return { pieces, requests };
  }

  /** Asks for the next chunks, keeping a few requests in flight. */
  pump(): void {
    for (const c of this.nextRequests()) this.session.send(requestOf(c));
  }

  private nextRequests(): LayerChunk[] {
    const chunks = layerChunks(this.layout, this.nextOffset, REQUESTS_IN_FLIGHT - this.asked.size);
    for (const c of chunks) {
      this.asked.add(c.offset);
      this.nextOffset = c.offset + c.count;
    }
    return chunks;
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

interface LayerChunk {
  offset: number;
  count: number;
}

// Up to `slots` chunks of the layer from `offset` on, each as large as one answer may be.
function layerChunks(layout: ContentLayout, offset: number, slots: number): LayerChunk[] {
  const chunks: LayerChunk[] = [];
  for (; chunks.length < slots && offset < layout.numPieces; offset += MAX_HASHES_PER_FRAME) {
    chunks.push({ offset, count: Math.min(MAX_HASHES_PER_FRAME, layout.numPieces - offset) });
  }
  return chunks;
}

const requestOf = (c: LayerChunk): PieceMessage => ({ type: 'hash_request', request: { kind: 'piece_layer', ...c } });
