// Group commit: pieces that complete while a commit is running wait and go in the next one,
// so one fdatasync per touched file and one fsynced index batch cover every piece completed
// meanwhile. Order per commit: file data durable first, then the index records the pieces;
// after a crash in between, those pieces are simply missing and get downloaded again.
import type { Logger } from '../../consensus/interface.js';
import { ioError, PieceStoreError } from './errors.js';
import type { FileCache } from './fileCache.js';
import type { ChunkWrite, PieceIndex } from './indexDb.js';
import { CHUNK_PIECES, type PieceSet } from './pieceSet.js';

/** What the committer needs from a content (a ContentHandle). */
export interface CommitTarget {
  readonly contentId: Uint8Array;
  readonly idHex: string;
  readonly paths: { blocks: string; leaves: string };
  readonly pieces: PieceSet;
  isLive(): boolean;
  /** The pieces are durable and recorded: set them and tell listeners. */
  piecesRecorded(pieces: number[]): void;
  /** The commit failed: forget the pieces so they can be written again. */
  piecesFailed(pieces: number[]): void;
}

interface Pending {
  target: CommitTarget;
  piece: number;
  done: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

export interface GroupCommitDeps {
  files: FileCache;
  index: PieceIndex;
  /** The store's lock over index changes, so a commit never races a remove or an adopt. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  log: Logger;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private readonly inFlight = new Set<Pending>();
  private running = false;
  /** Commits done and pieces recorded, for tests and figures. */
  commits = 0;
  piecesCommitted = 0;

  constructor(private readonly deps: GroupCommitDeps) {}

  /** Resolves once `piece` of `target` is durable and recorded. */
  commit(target: CommitTarget, piece: number): Promise<void> {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = { target, piece, done, resolve, reject };
    this.queue.push(pending);
    this.inFlight.add(pending);
    void done.then(
      () => this.inFlight.delete(pending),
      () => this.inFlight.delete(pending),
    );
    if (!this.running) void this.run();
    return done;
  }

  /** Resolves when every piece queued so far (of `target`, or of all) is settled. */
  async flush(target?: CommitTarget): Promise<void> {
    const waits = [...this.inFlight].filter((p) => !target || p.target === target).map((p) => p.done);
    await Promise.allSettled(waits);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      // Let the completions of this turn of the event loop join the first batch.
      await new Promise<void>((r) => setImmediate(r));
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.deps.exclusive(() => this.commitBatch(batch));
      }
    } finally {
      this.running = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const byTarget = new Map<CommitTarget, Pending[]>();
    for (const p of batch) {
      if (!p.target.isLive()) {
        p.reject(new PieceStoreError('STORE_UNKNOWN_CONTENT', 'the content was removed', { contentId: p.target.idHex }));
        continue;
      }
      const list = byTarget.get(p.target) ?? [];
      list.push(p);
      byTarget.set(p.target, list);
    }
    if (byTarget.size === 0) return;
    const targets = [...byTarget.keys()];
    try {
      const { files } = this.deps;
      await Promise.all(
        targets.flatMap((t) => [t.paths.blocks, t.paths.leaves].map((path) => files.use(path, (fh) => fh.datasync()))),
      );
      await this.deps.index.putChunks(targets.flatMap((t) => chunkWrites(t, byTarget.get(t)!.map((p) => p.piece))));
    } catch (err) {
      const error = ioError('cannot make completed pieces durable', err);
      this.deps.log.error('piece store: commit failed; the pieces will be fetched again', { error: error.message });
      for (const t of targets) t.piecesFailed(byTarget.get(t)!.map((p) => p.piece));
      for (const p of batch) p.reject(error);
      return;
    }
    this.commits++;
    for (const t of targets) {
      const pieces = byTarget.get(t)!.map((p) => p.piece);
      this.piecesCommitted += pieces.length;
      t.piecesRecorded(pieces);
    }
    for (const p of batch) p.resolve();
  }
}

/** The bitfield chunks of `target` as they will be with `pieces` added. */
function chunkWrites(target: CommitTarget, pieces: number[]): ChunkWrite[] {
  const byChunk = new Map<number, number[]>();
  for (const p of pieces) {
    const c = Math.floor(p / CHUNK_PIECES);
    const list = byChunk.get(c) ?? [];
    list.push(p);
    byChunk.set(c, list);
  }
  return [...byChunk].map(([chunk, ps]) => ({ id: target.contentId, chunk, bytes: target.pieces.chunkWith(chunk, ps) }));
}
