// A download's verified blocks on their way to the store: they wait here until their piece is
// whole, then go to the store in one writev. Pieces made whole before the store has added the
// content wait (parked) until it has. Counts the blocks held and not yet written, which bounds
// what a download keeps in memory (MAX_PENDING_WRITES).
import type { ContentHandle } from '../storage/pieceStore/index.js';
import { type ContentLayout, pieceRange } from './layout.js';

/** Blocks verified and not yet written (32 MiB), assembling pieces included: no more requests past it. */
export const MAX_PENDING_WRITES = 2048;

export interface PieceWriterEvents {
  /** Written blocks took the writer off MAX_PENDING_WRITES, or emptied it: requests may go on. */
  unblocked(): void;
  /** The store could not take a piece (err from writeBlocks). */
  failed(piece: number, err: unknown): void;
}

export class PieceWriter {
  private readonly assembling = new Map<number, { first: number; blocks: Uint8Array[]; got: number }>();
  private parked: { first: number; piece: number; blocks: Uint8Array[]; leaves: Uint8Array }[] = [];
  private handle?: ContentHandle;
  private pending = 0;

  constructor(
    private readonly layout: ContentLayout,
    private readonly events: PieceWriterEvents,
  ) {}

  get full(): boolean {
    return this.pending >= MAX_PENDING_WRITES;
  }

  /** Block `index` of `piece`, checked against `leaves` (the piece's). */
  add(piece: number, index: number, data: Uint8Array, leaves: Uint8Array): void {
    this.pending++;
    let a = this.assembling.get(piece);
    if (!a) {
      const { first, count } = pieceRange(this.layout, piece);
      a = { first, blocks: new Array<Uint8Array>(count), got: 0 };
      this.assembling.set(piece, a);
    }
    a.blocks[index - a.first] = data;
    if (++a.got < a.blocks.length) return;
    this.assembling.delete(piece);
    if (this.handle) this.store(piece, a.first, a.blocks, leaves);
    else this.parked.push({ piece, first: a.first, blocks: a.blocks, leaves });
  }

  /** The store holds the content now: parked pieces go to it. */
  useHandle(handle: ContentHandle): void {
    this.handle = handle;
    for (const w of this.parked.splice(0)) this.store(w.piece, w.first, w.blocks, w.leaves);
  }

  /** The store holds `piece` already: its blocks gathered here are dropped. */
  drop(piece: number): void {
    const a = this.assembling.get(piece);
    if (!a) return;
    this.pending -= a.got;
    this.assembling.delete(piece);
  }

  // The blocks count against MAX_PENDING_WRITES until they are written, not until their piece's
  // commit (fdatasync, index): once written they are the kernel's, and a slow commit would
  // otherwise stall requests while no memory of ours is held.
  private store(piece: number, first: number, blocks: Uint8Array[], leaves: Uint8Array): void {
    const count = blocks.length; // the callbacks must not hold the blocks (and their chunks) until the commit
    let held = true;
    const written = (): void => {
      if (!held) return;
      held = false;
      const wasFull = this.full;
      this.pending -= count;
      if (wasFull || this.pending === 0) this.events.unblocked();
    };
    this.handle!.writeBlocks(first, blocks, leaves, written).then(written, (err: unknown) => {
      written();
      this.events.failed(piece, err);
    });
  }
}
