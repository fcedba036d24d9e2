// One content in the store: which pieces are complete, the pieces being assembled, and the
// reads and writes of its blocks. Only blocks of complete (verified, durable) pieces are read.
import type { Logger } from '../../consensus/interface.js';
import { BLOCK_BYTES, pieceRange, type ContentLayout } from '../../swarm/layout.js';
import { HASH_BYTES, pieceRoot } from '../../swarm/merkle.js';
import { readFully, readvFully, writevFully, type ContentPaths } from './contentFiles.js';
import { ioError, PieceStoreError } from './errors.js';
import type { FileCache } from './fileCache.js';
import type { DirectWrites } from './directWrites.js';
import type { CommitTarget, GroupCommitter } from './groupCommit.js';
import type { ContentMeta } from './meta.js';
import type { PieceSet } from './pieceSet.js';

/** Leaves read at once for serving (see readLeafRun). */
const LEAF_RUN_BYTES = 64 * 1024;
/** The most blocks one readBlocks call returns (16 MiB). */
export const MAX_READ_BLOCKS = 1024;

/** What a handle needs from its store. */
export interface HandleDeps {
  files: FileCache;
  /** Block writes that bypass the page cache, where the filesystem takes them. */
  direct: DirectWrites;
  committer: GroupCommitter;
  log: Logger;
  assertOpen(): void;
  /** Registers a write in progress, so closing the store waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** A piece whose blocks are arriving: which are claimed, how many are on disk, their leaves. */
interface PartialPiece {
  readonly first: number;
  readonly count: number;
  readonly claimed: Uint8Array;
  readonly leaves: Uint8Array;
  written: number;
}

export class ContentHandle implements CommitTarget {
  readonly contentId: Uint8Array;
  readonly idHex: string;
  readonly pieceLayer: Uint8Array;
  private readonly partial = new Map<number, PartialPiece>();
  /** Verified pieces waiting for their group commit. */
  private readonly committing = new Set<number>();
  private readonly listeners = new Set<(piece: number) => void>();
  /** The last run of leaves read for serving; every piece in it was complete (so it cannot change). */
  private leafRun?: { firstPiece: number; pieces: number; firstBlock: number; bytes: Uint8Array };
  private live = true;

  /** @internal Built by PieceStore. */
  constructor(
    readonly meta: ContentMeta,
    readonly layout: ContentLayout,
    readonly paths: ContentPaths,
    readonly pieces: PieceSet,
    private readonly deps: HandleDeps,
  ) {
    this.contentId = meta.contentId;
    this.idHex = Buffer.from(meta.contentId).toString('hex');
    this.pieceLayer = meta.pieceLayer;
  }

  hasPiece(piece: number): boolean {
    return Number.isInteger(piece) && piece >= 0 && piece < this.layout.numPieces && this.pieces.has(piece);
  }

  get completePieces(): number {
    return this.pieces.count;
  }

  get complete(): boolean {
    return this.pieces.full;
  }

  /** ceil(numPieces/8) bytes, piece 0 = the high bit of byte 0 (BitTorrent order). */
  bitfield(): Uint8Array {
    return this.pieces.toBytes();
  }

  /** True for a block of a complete piece, or one already written (or being written) for a pending piece. */
  hasBlock(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.layout.numBlocks) return false;
    const piece = Math.floor(index / this.layout.pieceBlocks);
    if (this.pieces.has(piece) || this.committing.has(piece)) return true;
    const partial = this.partial.get(piece);
    return partial !== undefined && partial.claimed[index - partial.first] === 1;
  }

  /**
   * The caller verified `block` against `leaf` (SHA-256) and `leaf` against the piece layer.
   * When the piece's last block lands its leaves must hash to pieceLayer[p] (else its blocks are
   * forgotten and STORE_BAD_PIECE is thrown); then it is made durable and recorded, and this
   * resolves with pieceDone: true. A block already held is ignored.
   */
  writeBlock(index: number, block: Uint8Array, leaf: Uint8Array): Promise<{ pieceDone: boolean }> {
    return this.writeBlocks(index, [block], leaf);
  }

  /**
   * writeBlock for consecutive blocks of one piece: blocks[k] is block first+k and its leaf is
   * leaves[k*32, k*32+32). The blocks not yet held go to disk in one positioned writev (one
   * syscall per run instead of one per block); the piece completes as with writeBlock.
   * `onWritten` is called once these blocks are written (the store holds them no longer; the
   * piece's commit, which this awaits, may take a while longer).
   */
  writeBlocks(first: number, blocks: readonly Uint8Array[], leaves: Uint8Array, onWritten?: () => void): Promise<{ pieceDone: boolean }> {
    try {
      this.assertUsable();
    } catch (err) {
      return Promise.reject(err);
    }
    return this.deps.track(this.write(first, blocks, leaves, onWritten));
  }

  private checkRun(first: number, blocks: readonly Uint8Array[], leaves: Uint8Array): number {
    this.checkBlockIndex(first);
    if (!Array.isArray(blocks) || blocks.length < 1) throw new PieceStoreError('STORE_BAD_BLOCK', 'no blocks to write', { contentId: this.idHex, first });
    const last = first + blocks.length - 1;
    this.checkBlockIndex(last);
    const piece = Math.floor(first / this.layout.pieceBlocks);
    if (Math.floor(last / this.layout.pieceBlocks) !== piece) {
      throw new PieceStoreError('STORE_OUT_OF_RANGE', 'a run of blocks must lie in one piece', { contentId: this.idHex, first, count: blocks.length });
    }
    for (let k = 0; k < blocks.length; k++) {
      const block = blocks[k];
      if (!(block instanceof Uint8Array) || block.length !== BLOCK_BYTES) {
        throw new PieceStoreError('STORE_BAD_BLOCK', `a block is ${BLOCK_BYTES} bytes`, { contentId: this.idHex, index: first + k, gotBytes: block?.length ?? null });
      }
    }
    if (!(leaves instanceof Uint8Array) || leaves.length !== blocks.length * HASH_BYTES) {
      throw new PieceStoreError('STORE_BAD_BLOCK', `a leaf hash is ${HASH_BYTES} bytes`, { contentId: this.idHex, index: first, gotBytes: leaves?.length ?? null });
    }
    return piece;
  }

  private async write(first: number, blocks: readonly Uint8Array[], leaves: Uint8Array, onWritten?: () => void): Promise<{ pieceDone: boolean }> {
    const piece = this.checkRun(first, blocks, leaves);
    if (this.pieces.has(piece) || this.committing.has(piece)) return { pieceDone: false };
    const partial = this.partialPiece(piece);
    // Claimed before the first await: a duplicate arriving meanwhile (end game) is ignored.
    const runs: { slot: number; bufs: Uint8Array[] }[] = [];
    for (let k = 0; k < blocks.length; k++) {
      const slot = first + k - partial.first;
      if (partial.claimed[slot] === 1) continue;
      partial.claimed[slot] = 1;
      partial.leaves.set(leaves.subarray(k * HASH_BYTES, (k + 1) * HASH_BYTES), slot * HASH_BYTES);
      const run = runs.at(-1);
      if (run && run.slot + run.bufs.length === slot) run.bufs.push(blocks[k]!);
      else runs.push({ slot, bufs: [blocks[k]!] });
    }
    if (runs.length === 0) return { pieceDone: false };
    try {
      for (const run of runs) {
        const position = (partial.first + run.slot) * BLOCK_BYTES;
        if (!(await this.deps.direct.write(this.paths.blocks, run.bufs, position))) {
          await this.deps.files.use(this.paths.blocks, (fh) => writevFully(fh, run.bufs, position));
        }
      }
    } catch (err) {
      if (this.partial.get(piece) === partial) for (const run of runs) partial.claimed.fill(0, run.slot, run.slot + run.bufs.length);
      throw this.live ? ioError('cannot write a block', err, { contentId: this.idHex, index: first }) : this.removedError();
    }
    onWritten?.();
    // The piece may have been forgotten (removed content) while these blocks were written.
    if (this.partial.get(piece) !== partial) return { pieceDone: false };
    for (const run of runs) partial.written += run.bufs.length;
    if (partial.written < partial.count) return { pieceDone: false };
    // Not awaited here: this frame (which holds the blocks, and the received chunks they are
    // views of) ends now instead of staying suspended until the piece's commit.
    return this.completePiece(piece, partial);
  }

  // Every block of the piece is on disk: its leaves are checked against the piece layer,
  // written, and the group commit makes the piece durable and records it.
  private async completePiece(piece: number, partial: PartialPiece): Promise<{ pieceDone: boolean }> {
    this.partial.delete(piece);
    const root = pieceRoot(partial.leaves, this.layout.pieceBlocks);
    const expected = this.pieceLayer.subarray(piece * HASH_BYTES, (piece + 1) * HASH_BYTES);
    if (Buffer.compare(root, expected) !== 0) {
      throw new PieceStoreError('STORE_BAD_PIECE', 'the piece does not hash to its entry in the piece layer', {
        contentId: this.idHex,
        piece,
      });
    }
    this.committing.add(piece);
    try {
      // The piece's leaves in one write (not one per block), before the commit makes it durable.
      const { leaves: pieceLeaves, first: pieceFirst } = partial;
      await this.deps.files.use(this.paths.leaves, (fh) => fh.write(pieceLeaves, 0, pieceLeaves.length, pieceFirst * HASH_BYTES));
    } catch (err) {
      this.committing.delete(piece);
      throw this.live ? ioError('cannot write the leaves of a piece', err, { contentId: this.idHex, piece }) : this.removedError();
    }
    await this.deps.committer.commit(this, piece);
    return { pieceDone: true };
  }

  /** Blocks [first, first+count) concatenated, in one positioned read; all in complete pieces. */
  async readBlocks(first: number, count: number): Promise<Uint8Array> {
    this.checkReadable(first, count);
    const out = Buffer.allocUnsafe(count * BLOCK_BYTES);
    try {
      await this.deps.files.use(this.paths.blocks, (fh) => readFully(fh, out, out.length, first * BLOCK_BYTES));
    } catch (err) {
      throw ioError('cannot read blocks', err, { contentId: this.idHex, first, count });
    }
    return out;
  }

  /**
   * readBlocks into the caller's buffers (in order, count * 16 KiB in all; e.g. one view per
   * block inside an outgoing frame buffer), in one positioned readv: no buffer of its own, no copy.
   */
  async readBlocksInto(first: number, count: number, into: readonly Uint8Array[]): Promise<void> {
    this.checkReadable(first, count);
    const total = into.reduce((n, b) => n + b.length, 0);
    if (total !== count * BLOCK_BYTES) {
      throw new PieceStoreError('STORE_OUT_OF_RANGE', `the buffers hold ${total} bytes, not ${count} blocks`, { contentId: this.idHex, first, count });
    }
    try {
      await this.deps.files.use(this.paths.blocks, (fh) => readvFully(fh, into, first * BLOCK_BYTES));
    } catch (err) {
      throw ioError('cannot read blocks', err, { contentId: this.idHex, first, count });
    }
  }

  private checkReadable(first: number, count: number): void {
    this.assertUsable();
    const { numBlocks, pieceBlocks } = this.layout;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || count > MAX_READ_BLOCKS || first + count > numBlocks) {
      throw new PieceStoreError('STORE_OUT_OF_RANGE', `blocks must lie in 0..${numBlocks - 1}, at most ${MAX_READ_BLOCKS} at a time`, {
        contentId: this.idHex,
        first,
        count,
        numBlocks,
      });
    }
    const lastPiece = Math.floor((first + count - 1) / pieceBlocks);
    for (let p = Math.floor(first / pieceBlocks); p <= lastPiece; p++) {
      if (!this.pieces.has(p)) throw new PieceStoreError('STORE_NOT_HELD', 'the blocks are not all held', { contentId: this.idHex, first, count, piece: p });
    }
  }

  /** Leaf hashes of a complete piece (pieceRange(p).count * 32 bytes). */
  async readLeaves(piece: number): Promise<Uint8Array> {
    this.assertUsable();
    if (!Number.isInteger(piece) || piece < 0 || piece >= this.layout.numPieces) {
      throw new PieceStoreError('STORE_OUT_OF_RANGE', `pieces are 0..${this.layout.numPieces - 1}`, { contentId: this.idHex, piece });
    }
    if (!this.pieces.has(piece)) throw new PieceStoreError('STORE_NOT_HELD', 'the piece is not held', { contentId: this.idHex, piece });
    const { first, count } = pieceRange(this.layout, piece);
    const cached = this.leafRun;
    const run = cached && piece >= cached.firstPiece && piece < cached.firstPiece + cached.pieces ? cached : await this.readLeafRun(piece);
    if (run) {
      const off = (first - run.firstBlock) * HASH_BYTES;
      return Buffer.from(run.bytes.subarray(off, off + count * HASH_BYTES)); // a copy: the run stays intact
    }
    const out = Buffer.allocUnsafe(count * HASH_BYTES);
    try {
      await this.deps.files.use(this.paths.leaves, (fh) => readFully(fh, out, out.length, first * HASH_BYTES));
    } catch (err) {
      throw ioError('cannot read leaves', err, { contentId: this.idHex, piece });
    }
    return out;
  }

  // A leecher asks for one piece's leaves before its blocks, piece after piece: the seeder reads
  // 64 KiB of leaves (128 pieces of 16 blocks) at once, when that run is all complete, instead
  // of one small read per piece. Undefined when the run is not all held (then one piece is read).
  private async readLeafRun(piece: number): Promise<ContentHandle['leafRun']> {
    const perRun = Math.max(1, Math.floor(LEAF_RUN_BYTES / (this.layout.pieceBlocks * HASH_BYTES)));
    const firstPiece = piece - (piece % perRun);
    const pieces = Math.min(perRun, this.layout.numPieces - firstPiece);
    if (pieces < 2) return undefined;
    for (let p = firstPiece; p < firstPiece + pieces; p++) if (!this.pieces.has(p)) return undefined;
    const firstBlock = pieceRange(this.layout, firstPiece).first;
    const last = pieceRange(this.layout, firstPiece + pieces - 1);
    const bytes = Buffer.allocUnsafe((last.first + last.count - firstBlock) * HASH_BYTES);
    try {
      await this.deps.files.use(this.paths.leaves, (fh) => readFully(fh, bytes, bytes.length, firstBlock * HASH_BYTES));
    } catch (err) {
      throw ioError('cannot read leaves', err, { contentId: this.idHex, piece });
    }
    this.leafRun = { firstPiece, pieces, firstBlock, bytes };
    return this.leafRun;
  }

  /** Resolves when every piece recorded so far is durable. */
  flush(): Promise<void> {
    return this.deps.committer.flush(this);
  }

  /** Called after a piece is durable and recorded. Returns an unsubscribe. */
  onPiece(cb: (piece: number) => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** @internal */
  isLive(): boolean {
    return this.live;
  }

  /** @internal The store dropped this content: later calls fail, pending pieces are forgotten. */
  markRemoved(): void {
    this.live = false;
    this.partial.clear();
    this.committing.clear();
  }

  /** @internal */
  piecesRecorded(pieces: number[]): void {
    for (const p of pieces) {
      this.committing.delete(p);
      this.pieces.set(p);
    }
    for (const p of pieces) {
      for (const cb of [...this.listeners]) {
        try {
          cb(p);
        } catch (err) {
          this.deps.log.error('piece store: onPiece listener threw', { contentId: this.idHex, piece: p, error: (err as Error).message });
        }
      }
    }
  }

  /** @internal */
  piecesFailed(pieces: number[]): void {
    for (const p of pieces) this.committing.delete(p);
  }

  private partialPiece(piece: number): PartialPiece {
    let partial = this.partial.get(piece);
    if (!partial) {
      const { first, count } = pieceRange(this.layout, piece);
      partial = { first, count, claimed: new Uint8Array(count), leaves: new Uint8Array(count * HASH_BYTES), written: 0 };
      this.partial.set(piece, partial);
    }
    return partial;
  }

  private checkBlockIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.layout.numBlocks) {
      throw new PieceStoreError('STORE_OUT_OF_RANGE', `blocks are 0..${this.layout.numBlocks - 1}`, { contentId: this.idHex, index });
    }
  }

  private assertUsable(): void {
    this.deps.assertOpen();
    if (!this.live) throw this.removedError();
  }

  private removedError(): PieceStoreError {
    return new PieceStoreError('STORE_UNKNOWN_CONTENT', 'the content was removed from the store', { contentId: this.idHex });
  }
}
