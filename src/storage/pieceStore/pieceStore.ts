// The piece store: the ciphertext of every content the node holds, one folder per content
// (see contentFiles.ts) plus a classic-level index of metas and complete-piece bitfields.
// A piece is recorded complete only after its blocks and leaves are durable, so after kill -9
// a half-written piece is simply missing, and nothing recorded complete is ever wrong.
import { copyFile, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { type Logger, silentLogger } from '../../consensus/interface.js';
import type { ContentLayout } from '../../swarm/layout.js';
import { ContentHandle } from './contentHandle.js';
import {
  blocksBytes,
  contentPaths,
  createContentFiles,
  datasyncFile,
  filesIntact,
  fsyncDir,
  leavesBytes,
  pieceLayerFromLeavesFile,
  sizeOf,
  BLOCKS_FILE,
  LEAVES_FILE,
} from './contentFiles.js';
import { ioError, PieceStoreError } from './errors.js';
import { DEFAULT_MAX_OPEN_FILES, FileCache } from './fileCache.js';
import { DirectWrites } from './directWrites.js';
import { GroupCommitter } from './groupCommit.js';
import { PieceIndex, type ChunkWrite } from './indexDb.js';
import { checkMeta, copyMeta, decodeMeta, encodeMeta, sameMeta, type ContentMeta } from './meta.js';
import { PieceSet } from './pieceSet.js';

export interface PieceStoreOptions {
  log?: Logger;
  /** Open file handles kept (LRU); two or three per content in use. */
  maxOpenFiles?: number;
  /** Write blocks with O_DIRECT where the filesystem takes it (default true; see directWrites.ts). */
  directWrites?: boolean;
}

const ID_HEX = /^[0-9a-f]{64}$/;

export class PieceStore {
  private readonly contents = new Map<string, ContentHandle>();
  private readonly committer: GroupCommitter;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly writesInFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly index: PieceIndex,
    private readonly files: FileCache,
    private readonly direct: DirectWrites,
    private readonly log: Logger,
  ) {
    this.committer = new GroupCommitter({ files, index, log, exclusive: (fn) => this.exclusive(fn) });
  }

  /** True while blocks are written with O_DIRECT (the option is on and the filesystem takes it). */
  get directWrites(): boolean {
    return this.direct.enabled;
  }

  static async open(dir: string, opts: PieceStoreOptions = {}): Promise<PieceStore> {
    try {
      await mkdir(dir, { recursive: true });
      // Leftovers of a packing that never got adopted.
      await rm(join(dir, 'staging'), { recursive: true, force: true });
    } catch (err) {
      throw ioError('cannot prepare the piece store folder', err, { dir });
    }
    const index = await PieceIndex.open(join(dir, 'index'));
    const files = new FileCache(opts.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES);
    const log = opts.log ?? silentLogger;
    const store = new PieceStore(dir, index, files, new DirectWrites(files, log, opts.directWrites ?? true), log);
    try {
      await store.load();
    } catch (err) {
      await index.close();
      throw ioError('cannot load the piece store', err, { dir });
    }
    return store;
  }

  /** Commits done and pieces they recorded (figures for tests and benchmarks). */
  get commitStats(): { commits: number; pieces: number } {
    return { commits: this.committer.commits, pieces: this.committer.piecesCommitted };
  }

  /** A fresh empty folder under <dir>/staging/ for the packer; adoptPacked moves it in. */
  async stagingDir(): Promise<string> {
    this.assertOpen();
    const staging = join(this.dir, 'staging');
    await mkdir(staging, { recursive: true });
    return mkdtemp(join(staging, 'pack-'));
  }

  /**
   * Takes a packed folder (blocks + leaves): recomputes the piece layer from the leaves, checks
   * it against meta (STORE_BAD_META otherwise), moves the files in place and marks every piece
   * complete. Idempotent if the content is already complete (the staged folder is deleted).
   * The blocks are trusted to match their leaves: the packer wrote both.
   */
  async adoptPacked(meta: ContentMeta, stagedDir: string): Promise<ContentHandle> {
    this.assertOpen();
    const layout = checkMeta(meta);
    const own = copyMeta(meta);
    const idHex = Buffer.from(own.contentId).toString('hex');
    const staged = { blocks: join(stagedDir, BLOCKS_FILE), leaves: join(stagedDir, LEAVES_FILE) };
    const [bSize, lSize] = await Promise.all([sizeOf(staged.blocks), sizeOf(staged.leaves)]);
    if (bSize !== blocksBytes(layout) || lSize !== leavesBytes(layout)) {
      throw new PieceStoreError('STORE_BAD_META', 'the packed files do not have the sizes the layout gives', {
        contentId: idHex,
        stagedDir,
        blocksBytes: bSize ?? null,
        leavesBytes: lSize ?? null,
      });
    }
    const layer = await pieceLayerFromLeavesFile(staged.leaves, layout);
    if (Buffer.compare(layer, own.pieceLayer) !== 0) {
      throw new PieceStoreError('STORE_BAD_META', 'the packed leaves do not hash to the piece layer', { contentId: idHex, stagedDir });
    }
    return this.exclusive(async () => {
      this.assertOpen();
      const existing = this.contents.get(idHex);
      if (existing && !sameMeta(existing.meta, own)) throw conflicting(idHex);
      if (existing?.complete) {
        await rm(stagedDir, { recursive: true, force: true });
        return existing;
      }
      if (existing) await this.dropContent(existing); // a download in progress: the packed copy replaces it
      const paths = contentPaths(this.dir, idHex);
      try {
        await Promise.all([datasyncFile(staged.blocks), datasyncFile(staged.leaves)]);
        await rm(paths.dir, { recursive: true, force: true });
        await moveFolder(stagedDir, paths.dir);
        await fsyncDir(this.dir);
      } catch (err) {
        throw ioError('cannot move the packed content into the store', err, { contentId: idHex, stagedDir });
      }
      const pieces = new PieceSet(layout.numPieces);
      pieces.addAll();
      const chunks: ChunkWrite[] = [];
      for (let c = 0; c < pieces.chunkCount; c++) chunks.push({ id: own.contentId, chunk: c, bytes: pieces.chunk(c) });
      await this.index.putContent(own.contentId, encodeMeta(own), chunks);
      return this.track(own, layout, pieces);
    });
  }

  /** Registers a content to download (idempotent). STORE_BAD_META if the piece layer does not hash to the id. */
  async add(meta: ContentMeta): Promise<ContentHandle> {
    this.assertOpen();
    const layout = checkMeta(meta);
    const own = copyMeta(meta);
    const idHex = Buffer.from(own.contentId).toString('hex');
    return this.exclusive(async () => {
      this.assertOpen();
      const existing = this.contents.get(idHex);
      if (existing) {
        if (!sameMeta(existing.meta, own)) throw conflicting(idHex);
        return existing;
      }
      const paths = contentPaths(this.dir, idHex);
      try {
        await createContentFiles(this.dir, paths, layout);
      } catch (err) {
        throw ioError('cannot create the content files', err, { contentId: idHex });
      }
      await this.index.putContent(own.contentId, encodeMeta(own));
      return this.track(own, layout, new PieceSet(layout.numPieces));
    });
  }

  get(contentId: Uint8Array | string): ContentHandle | undefined {
    const hex = toHex(contentId);
    return hex === undefined ? undefined : this.contents.get(hex);
  }

  /** Every content held, in content id order. */
  list(): ContentHandle[] {
    return [...this.contents.keys()].sort().map((k) => this.contents.get(k)!);
  }

  /** Forgets a content and deletes its files. STORE_UNKNOWN_CONTENT if it is not held. */
  async remove(contentId: Uint8Array | string): Promise<void> {
    this.assertOpen();
    await this.exclusive(async () => {
      const handle = this.get(contentId);
      if (!handle) {
        throw new PieceStoreError('STORE_UNKNOWN_CONTENT', 'no such content in the store', {
          contentId: typeof contentId === 'string' ? contentId.slice(0, 64) : toHex(contentId) ?? null,
        });
      }
      await this.dropContent(handle);
    });
  }

  /** Refuses new calls, lets block writes in progress finish and commit, then closes files and the index. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writesInFlight.size > 0) await Promise.allSettled([...this.writesInFlight]);
    await this.committer.flush();
    await this.exclusive(async () => {});
    await this.files.closeAll();
    await this.index.close();
  }

  private track(meta: ContentMeta, layout: ContentLayout, pieces: PieceSet): ContentHandle {
    const idHex = Buffer.from(meta.contentId).toString('hex');
    const handle = new ContentHandle(meta, layout, contentPaths(this.dir, idHex), pieces, {
      files: this.files,
      direct: this.direct,
      committer: this.committer,
      log: this.log,
      assertOpen: () => this.assertOpen(),
      track: (work) => {
        this.writesInFlight.add(work);
        const forget = () => this.writesInFlight.delete(work);
        work.then(forget, forget);
        return work;
      },
    });
    this.contents.set(idHex, handle);
    return handle;
  }

  /** Index first, files second: a crash in between leaves an orphan folder, swept at open. */
  private async dropContent(handle: ContentHandle): Promise<void> {
    handle.markRemoved();
    this.contents.delete(handle.idHex);
    this.files.drop(handle.paths.dir + sep);
    await this.index.deleteContent(handle.contentId, handle.pieces.chunkCount);
    try {
      await rm(handle.paths.dir, { recursive: true, force: true });
    } catch (err) {
      this.log.warn('piece store: cannot delete a removed content folder', { contentId: handle.idHex, error: (err as Error).message });
    }
  }

  /** Rebuilds the in-memory view from the index; drops what the disk no longer backs. */
  private async load(): Promise<void> {
    const { contents, orphanChunkKeys } = await this.index.loadAll();
    await this.index.deleteKeys(orphanChunkKeys);
    for (const stored of contents) {
      const idHex = Buffer.from(stored.id).toString('hex');
      let decoded: { meta: ContentMeta; layout: ContentLayout };
      try {
        decoded = decodeMeta(stored.id, stored.meta);
      } catch (err) {
        this.log.warn('piece store: dropping a content with a damaged index record', { contentId: idHex, error: (err as Error).message });
        await this.index.deleteContent(stored.id, Math.max(0, ...stored.chunks.keys()) + 1);
        continue;
      }
      const { meta, layout } = decoded;
      const pieces = new PieceSet(layout.numPieces);
      for (const [c, bytes] of stored.chunks) {
        if (!pieces.loadChunk(c, bytes)) this.log.warn('piece store: ignoring a damaged bitfield chunk', { contentId: idHex, chunk: c });
      }
      const paths = contentPaths(this.dir, idHex);
      if (!(await filesIntact(paths, layout))) {
        if (pieces.count > 0) {
          this.log.warn('piece store: the files of a content are missing or cut short; dropping it', { contentId: idHex, path: paths.dir });
          await this.index.deleteContent(stored.id, Math.max(pieces.chunkCount, ...stored.chunks.keys()) + 1);
          await rm(paths.dir, { recursive: true, force: true });
          continue;
        }
        await createContentFiles(this.dir, paths, layout); // nothing held yet: just start over
      }
      this.track(meta, layout, pieces);
    }
    await this.sweepOrphanFolders();
  }

  /** Content folders the index does not know (a crash during add or remove) are deleted. */
  private async sweepOrphanFolders(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (!ID_HEX.test(name) || this.contents.has(name)) continue;
      this.log.info('piece store: deleting a content folder the index does not know', { contentId: name });
      await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new PieceStoreError('STORE_CLOSED', 'the piece store is closed');
  }
}

function conflicting(idHex: string): PieceStoreError {
  return new PieceStoreError('STORE_BAD_META', 'the content is already held with a different layout', { contentId: idHex });
}

function toHex(id: Uint8Array | string): string | undefined {
  if (typeof id === 'string') {
    const lower = id.toLowerCase();
    return ID_HEX.test(lower) ? lower : undefined;
  }
  return id instanceof Uint8Array && id.length === 32 ? Buffer.from(id).toString('hex') : undefined;
}

/** rename, or copy + delete when the staged folder is on another filesystem. */
async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await mkdir(to, { recursive: true });
    for (const name of [BLOCKS_FILE, LEAVES_FILE]) {
      await copyFile(join(from, name), join(to, name));
      await datasyncFile(join(to, name));
    }
    await fsyncDir(to);
    await rm(from, { recursive: true, force: true });
  }
  await fsyncDir(dirname(from)).catch(() => {});
}
