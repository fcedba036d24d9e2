// Blocks, commits, block results and the consensus layer's chain-state record. Every save
// goes into the caller's batch; height() moves only when applySaved() says the batch is on disk.
import { Block } from 'cosmjs-types/tendermint/types/block';
import { BlockID, BlockMeta, Commit, type Header } from 'cosmjs-types/tendermint/types/types';
import type { BlockResults } from '../types/abci.js';
import { Batch, Bucket, Db } from './db.js';
import { StorageError } from './errors.js';
import { concatBytes, readU64be, u64be } from './bytes.js';
import { decodeBlockResults, encodeBlockResults } from './resultsCodec.js';

const SINGLE = Uint8Array.of(0);

export interface StoredBlockMeta {
  blockId: BlockID;
  blockSize: number;
  header: Header;
  numTxs: number;
}

export class BlockStore {
  private constructor(
    private readonly db: Db,
    private baseHeight: bigint,
    private topHeight: bigint,
  ) {}

  static async load(db: Db): Promise<BlockStore> {
    const meta = db.getSync(Bucket.BlockStoreMeta, SINGLE);
    if (!meta) return new BlockStore(db, 0n, 0n);
    if (meta.length !== 16) throw new StorageError('STORAGE_CORRUPT_RECORD', 'block store meta has the wrong length');
    return new BlockStore(db, readU64be(meta, 0), readU64be(meta, 8));
  }

  /** Latest stored height; 0 when empty. */
  height(): bigint {
    return this.topHeight;
  }

  /** Lowest stored height; 0 when empty. */
  base(): bigint {
    return this.baseHeight;
  }

  /**
   * Adds the block (by height and by hash), its meta and the commit we saw for it to `batch`.
   * Heights must follow on; the first block may have any height (initial_height, state sync).
   */
  saveBlock(block: Block, blockId: BlockID, seenCommit: Commit, batch: Batch): void {
    const height = block.header.height;
    if (height <= 0n || (this.topHeight > 0n && height !== this.topHeight + 1n)) {
      throw new StorageError('STORAGE_BLOCK_HEIGHT', 'block does not follow the stored chain', {
        height: height.toString(),
        stored: this.topHeight.toString(),
      });
    }
    const h = u64be(height);
    const blockBytes = Block.encode(block).finish();
    const meta: BlockMeta = { blockId, blockSize: BigInt(blockBytes.length), header: block.header, numTxs: BigInt(block.data.txs.length) };
    batch.put(Bucket.Block, h, blockBytes);
    batch.put(Bucket.BlockHash, blockId.hash, h);
    batch.put(Bucket.BlockMeta, h, BlockMeta.encode(meta).finish());
    batch.put(Bucket.SeenCommit, h, Commit.encode(seenCommit).finish());
    const base = this.baseHeight === 0n ? height : this.baseHeight;
    batch.put(Bucket.BlockStoreMeta, SINGLE, concatBytes(u64be(base), h));
  }

  /** Call once the batch holding saveBlock(height) is written. */
  applySaved(height: bigint): void {
    if (this.topHeight > 0n && height !== this.topHeight + 1n) {
      throw new StorageError('STORAGE_BLOCK_HEIGHT', 'applySaved out of order', { height: height.toString(), stored: this.topHeight.toString() });
    }
    if (this.baseHeight === 0n) this.baseHeight = height;
    this.topHeight = height;
  }

  loadBlockSync(height: bigint): Block | undefined {
    const bytes = this.getByHeight(Bucket.Block, height);
    return bytes ? decode('block', () => Block.decode(bytes)) : undefined;
  }

  async loadBlock(height: bigint): Promise<Block | undefined> {
    return this.loadBlockSync(height);
  }

  async loadBlockByHash(hash: Uint8Array): Promise<{ block: Block; blockId: BlockID } | undefined> {
    if (hash.length !== 32) return undefined;
    const h = this.db.getSync(Bucket.BlockHash, hash);
    if (!h) return undefined;
    const height = readU64be(h);
    const block = this.loadBlockSync(height);
    const meta = this.loadBlockMetaSync(height);
    return block && meta ? { block, blockId: meta.blockId } : undefined;
  }

  loadBlockMetaSync(height: bigint): StoredBlockMeta | undefined {
    const bytes = this.getByHeight(Bucket.BlockMeta, height);
    if (!bytes) return undefined;
    const m = decode('block meta', () => BlockMeta.decode(bytes));
    return { blockId: m.blockId, blockSize: Number(m.blockSize), header: m.header, numTxs: Number(m.numTxs) };
  }

  async loadBlockMeta(height: bigint): Promise<StoredBlockMeta | undefined> {
    return this.loadBlockMetaSync(height);
  }

  /** The commit we saw for `height` when we committed it (not necessarily the canonical one). */
  async loadSeenCommit(height: bigint): Promise<Commit | undefined> {
    const bytes = this.getByHeight(Bucket.SeenCommit, height);
    return bytes ? decode('commit', () => Commit.decode(bytes)) : undefined;
  }

  /** Canonical commit of `height` = lastCommit of block height+1 when stored; else our seen commit. */
  async loadCommit(height: bigint): Promise<{ commit: Commit; canonical: boolean } | undefined> {
    const next = height < this.topHeight ? this.loadBlockSync(height + 1n) : undefined;
    if (next?.lastCommit) return { commit: next.lastCommit, canonical: true };
    const seen = await this.loadSeenCommit(height);
    return seen ? { commit: seen, canonical: false } : undefined;
  }

  saveBlockResults(results: BlockResults, batch: Batch): void {
    batch.put(Bucket.BlockResults, u64be(results.height), encodeBlockResults(results));
  }

  async loadBlockResults(height: bigint): Promise<BlockResults | undefined> {
    const bytes = this.getByHeight(Bucket.BlockResults, height);
    return bytes ? decodeBlockResults(height, bytes) : undefined;
  }

  /** The consensus layer's state record: opaque bytes, written in the same batch as its block. */
  saveChainState(bytes: Uint8Array, batch: Batch): void {
    batch.put(Bucket.ChainState, SINGLE, bytes);
  }

  loadChainState(): Uint8Array | undefined {
    return this.db.getSync(Bucket.ChainState, SINGLE);
  }

  private getByHeight(bucket: Bucket, height: bigint): Uint8Array | undefined {
    if (height <= 0n || height > this.topHeight || height < this.baseHeight) return undefined;
    return this.db.getSync(bucket, u64be(height));
  }
}

function decode<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new StorageError('STORAGE_CORRUPT_RECORD', `cannot decode stored ${what}: ${(err as Error).message}`);
  }
}

