// Which blocks to ask a peer for: finish started pieces first, then rarest-first among the
// pieces the peer holds (random tie-break), then end-game (blocks already requested from
// others, so the last ones do not wait on one slow peer). Among equally rare pieces a peer's
// run continues (the piece after the last one it was given, if as rare) before a random draw,
// so requests span up to 64 blocks over adjacent pieces and the sender reads them in one go.
// Tracks per block whether it is
// received and how many peers it is outstanding with; per piece, how many peers hold it.
import type { Bitfield } from './bitfield.js';
import { FreshPieces } from './freshPieces.js';
import type { ContentLayout } from './layout.js';
import { MAX_REQUEST_BLOCKS } from './protocol.js';

export interface BlockRange {
  first: number;
  count: number;
}

/** Per peer: where its run of fresh pieces would continue. */
export interface PickHint {
  nextPiece?: number;
}

export class Picker {
  private readonly availability: Uint32Array;
  private readonly received: Uint8Array;
  private readonly requested: Uint8Array; // outstanding count per block (saturating at 255)
  private readonly complete: Uint8Array;
  /** Pieces with at least one block requested or received, not yet complete (insertion order). */
  private readonly started = new Set<number>();
  /** The rest of the incomplete pieces, by availability (rarest first without a pass over all). */
  private readonly fresh: FreshPieces;
  private unrequestedMissing: number;
  private incomplete = 0;

  constructor(
    private readonly layout: ContentLayout,
    hasPiece: (p: number) => boolean,
  ) {
    this.availability = new Uint32Array(layout.numPieces);
    this.received = new Uint8Array(layout.numBlocks);
    this.requested = new Uint8Array(layout.numBlocks);
    this.complete = new Uint8Array(layout.numPieces);
    let missing = 0;
    for (let p = 0; p < layout.numPieces; p++) {
      const [first, count] = this.range(p);
      if (hasPiece(p)) {
        this.complete[p] = 1;
        this.received.fill(1, first, first + count);
      } else {
        missing += count;
        this.incomplete++;
      }
    }
    this.unrequestedMissing = missing;
    this.fresh = new FreshPieces(this.availability, (p) => this.complete[p] === 0);
  }

  isComplete(p: number): boolean {
    return this.complete[p] === 1;
  }

  isReceived(block: number): boolean {
    return this.received[block] === 1;
  }

  get inEndGame(): boolean {
    return this.unrequestedMissing === 0;
  }

  addAvailability(pieces: Iterable<number>): void {
    for (const p of pieces) this.fresh.moved(p, this.availability[p]!++);
  }

  removeAvailability(pieces: Iterable<number>): void {
    for (const p of pieces) if (this.availability[p]! > 0) this.fresh.moved(p, this.availability[p]!--);
  }

  /**
   * Up to `max` blocks to request from a peer holding `peerHas`, none in `already` (the blocks
   * outstanding with that peer), grouped into contiguous ranges within a piece. Marks them requested.
   */
  pick(peerHas: Bitfield, max: number, already: ReadonlySet<number> | Map<number, unknown>, hint: PickHint = {}): BlockRange[] {
    const picked: number[] = [];
    const pickedSet = new Set<number>();
    const take = (p: number, endGame: boolean): void => {
      const [first, count] = this.range(p);
      for (let b = first; b < first + count && picked.length < max; b++) {
        if (this.received[b] || already.has(b) || pickedSet.has(b)) continue;
        if (!endGame && this.requested[b]) continue;
        picked.push(b);
        pickedSet.add(b);
      }
    };
    for (const p of this.started) {
      if (picked.length >= max) break;
      if (peerHas.has(p)) take(p, false);
    }
    while (picked.length < max && this.unrequestedMissing - picked.length > 0) {
      const fresh = this.fresh.rarest(peerHas, hint.nextPiece);
      if (fresh === undefined) break;
      hint.nextPiece = fresh + 1;
      this.start(fresh);
      take(fresh, false);
    }
    if (picked.length < max && this.unrequestedMissing - picked.length <= 0) {
      for (const p of this.started) {
        if (picked.length >= max) break;
        if (peerHas.has(p)) take(p, true);
      }
    }
    for (const b of picked) this.markRequested(b);
    picked.sort((x, y) => x - y);
    return toRanges(picked);
  }

  /** Blocks asked for before the picker was made (with a download's first handshake): requested, their pieces started. */
  reserve(blocks: Iterable<number>): void {
    for (const b of blocks) {
      this.markRequested(b);
      if (!this.received[b]) this.start(Math.floor(b / this.layout.pieceBlocks));
    }
  }

  /** One more peer has block `b` outstanding. */
  markRequested(b: number): void {
    if (this.requested[b] === 0 && !this.received[b]) this.unrequestedMissing--;
    if (this.requested[b]! < 255) this.requested[b]!++;
  }

  /** A peer no longer has block `b` outstanding (answered, timed out, rejected, gone). */
  release(b: number): void {
    if (this.requested[b] === 0) return;
    this.requested[b]!--;
    if (this.requested[b] === 0 && !this.received[b]) this.unrequestedMissing++;
  }

  /** A verified block arrived (outstanding counts are released separately). */
  markReceived(b: number): void {
    if (this.received[b]) return;
    this.received[b] = 1;
    if (this.requested[b] === 0) this.unrequestedMissing--;
    this.start(Math.floor(b / this.layout.pieceBlocks));
  }

  markComplete(p: number): void {
    if (this.complete[p]) return;
    this.complete[p] = 1;
    this.incomplete--;
    const [first, count] = this.range(p);
    for (let b = first; b < first + count; b++) this.markReceived(b);
    this.started.delete(p); // after markReceived, which starts the piece
    this.fresh.remove(p);
  }

  /** The store refused a piece: forget its received blocks so they are fetched again. */
  resetPiece(p: number): void {
    const [first, count] = this.range(p);
    for (let b = first; b < first + count; b++) {
      if (!this.received[b]) continue;
      this.received[b] = 0;
      if (this.requested[b] === 0) this.unrequestedMissing++;
    }
  }

  /** True when the peer holds a piece we lack. */
  wants(peerHas: Bitfield): boolean {
    if (peerHas.count === 0 || this.incomplete === 0) return false;
    if (peerHas.full) return true; // asked after every piece we complete, of each peer: no pass for a seeder
    for (let p = 0; p < this.layout.numPieces; p++) if (!this.complete[p] && peerHas.has(p)) return true;
    return false;
  }

  // Some block of piece p was asked for or received.
  private start(p: number): void {
    this.started.add(p);
    this.fresh.remove(p);
  }

  private range(p: number): [number, number] {
    const first = p * this.layout.pieceBlocks;
    return [first, Math.min(this.layout.pieceBlocks, this.layout.numBlocks - first)];
  }
}

/** Sorted block indices -> contiguous ranges (across piece edges too) of at most MAX_REQUEST_BLOCKS. */
export function toRanges(blocks: number[]): BlockRange[] {
  const out: BlockRange[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (last && last.first + last.count === b && last.count < MAX_REQUEST_BLOCKS) last.count++;
    else out.push({ first: b, count: 1 });
  }
  return out;
}
