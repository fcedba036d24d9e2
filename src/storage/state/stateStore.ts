// The authenticated state store: a flat key -> value table for fast reads, and a sparse
// Merkle tree over the same pairs whose root is the app hash. Writes go through
// stage() (adds everything to the node's block batch) and applyStaged() (after the batch is
// on disk), so a block that never reaches the disk changes nothing.
import { Batch, Bucket, Db } from '../db.js';
import { StorageError } from '../errors.js';
import { bytesEqual, compareBytes, concatBytes, copyBytes, prefixEnd, readU64be, u64be } from '../bytes.js';
import { bitAt, EMPTY_HASH, HASH_BYTES, isEmptyHash, sha256 } from './hash.js';
import { decodeNode, encodeNode, type TreeNode } from './node.js';
import { hashKey, NodeCache } from './nodeCache.js';
import { normalizeChanges, TreeUpdater, type KeyChange } from './update.js';
import { ValueCache } from './valueCache.js';
import type { StateProof } from './proof.js';

const META_KEY = Uint8Array.of(0);
// Inner nodes kept decoded in memory (~300 bytes each): enough for the whole inner tree of ~500k keys.
export const DEFAULT_NODE_CACHE = 1_000_000;
// Committed values kept in memory (a few hundred bytes each at most for accounts and balances).
export const DEFAULT_VALUE_CACHE = 200_000;

export interface StateIterateOptions {
  /** Forward: first key returned is >= start. Reverse: first key returned is <= start. */
  start?: Uint8Array;
  reverse?: boolean;
  limit?: number;
}

/** The outcome of stage(): opaque to callers, handed back to applyStaged(). */
export interface Staged {
  readonly baseVersion: bigint;
  readonly baseRoot: Uint8Array;
  readonly version: bigint;
  readonly root: Uint8Array;
  /** New inner nodes, handed to the node cache once committed. */
  readonly newNodes: ReadonlyArray<readonly [Uint8Array, TreeNode]>;
  /** The value writes, for the value cache once committed. */
  readonly writes: ReadonlyArray<KeyChange>;
}

export class StateStore {
  private constructor(
    private readonly db: Db,
    private currentVersion: bigint,
    private currentRoot: Uint8Array,
    private committed: boolean,
    private readonly cache: NodeCache,
    private readonly values: ValueCache,
  ) {}

  static async load(db: Db, opts: { nodeCacheSize?: number; valueCacheSize?: number } = {}): Promise<StateStore> {
    const meta = db.getSync(Bucket.StateMeta, META_KEY);
    let version = 0n;
    let root: Uint8Array = EMPTY_HASH;
    if (meta) {
      if (meta.length !== 8 + HASH_BYTES) throw new StorageError('STORAGE_CORRUPT_RECORD', 'state meta has the wrong length');
      version = readU64be(meta);
      root = copyBytes(meta.subarray(8));
    }
    const nodes = new NodeCache(opts.nodeCacheSize ?? DEFAULT_NODE_CACHE);
    return new StateStore(db, version, root, meta !== undefined, nodes, new ValueCache(opts.valueCacheSize ?? DEFAULT_VALUE_CACHE));
  }

  /** Latest committed version; 0 when nothing is committed yet (genesis may commit at 0 too: see `initialized`). */
  get version(): bigint {
    return this.currentVersion;
  }

  /** True once any version (genesis included) has been committed. */
  get initialized(): boolean {
    return this.committed;
  }

  /** Latest committed root (the app hash); 32 zero bytes for the empty state. */
  get root(): Uint8Array {
    return copyBytes(this.currentRoot);
  }

  /**
   * Latest committed value (value cache, else the flat table; no tree walk). The array may be
   * shared with other readers: callers must not modify it.
   */
  get(key: Uint8Array): Uint8Array | undefined {
    const k = hashKey(key);
    const hit = this.values.get(k);
    if (hit !== undefined) return hit ?? undefined;
    const value = this.db.getSync(Bucket.StateValue, key);
    this.values.set(k, value ?? null);
    return value;
  }

  async *iterate(prefix: Uint8Array, opts: StateIterateOptions = {}): AsyncIterable<[Uint8Array, Uint8Array]> {
    const end = prefixEnd(prefix);
    let gte: Uint8Array = prefix;
    let lt: Uint8Array | undefined = end;
    if (opts.start && !opts.reverse && compareBytes(opts.start, gte) > 0) gte = opts.start;
    if (opts.start && opts.reverse) {
      // inclusive upper bound: the smallest key above `start` is start || 0x00
      const above = concatBytes(opts.start, Uint8Array.of(0));
      if (!lt || compareBytes(above, lt) < 0) lt = above;
    }
    yield* this.db.iterate(Bucket.StateValue, { gte, lt, reverse: opts.reverse, limit: opts.limit });
  }

  /** Root of a committed version (EMPTY_HASH at 0 before anything is committed); undefined if unknown. */
  rootAt(version: bigint): Uint8Array | undefined {
    if (version === this.currentVersion) return this.root;
    if (version < 0n || version > this.currentVersion) return undefined;
    const r = this.db.getSync(Bucket.StateRoot, u64be(version));
    return r ? copyBytes(r) : undefined;
  }

  /**
   * Computes the root after `changes` (undefined value = delete) and adds every write to
   * `batch`. What get/iterate/root/version return does not change until applyStaged().
   */
  stage(version: bigint, changes: Array<[Uint8Array, Uint8Array | undefined]>, batch: Batch): Staged {
    // The first commit (genesis) may use any version, 0 included; later ones must go up.
    if (version < 0n || (this.committed && version <= this.currentVersion)) {
      throw new StorageError('STORAGE_STATE_VERSION', 'staged version must be above the committed one', {
        version: version.toString(),
        committed: this.currentVersion.toString(),
      });
    }
    const normalized = normalizeChanges(changes);
    const newNodes: Array<[Uint8Array, TreeNode]> = [];
    const updater = new TreeUpdater(
      (h) => this.loadNode(h),
      (h, node) => {
        if (node.kind === 'internal') newNodes.push([h, node]);
        batch.put(Bucket.StateNode, h, encodeNode(node));
      },
    );
    const root = updater.apply(this.currentRoot, normalized);
    for (const c of normalized) {
      if (c.value === undefined) batch.del(Bucket.StateValue, c.key);
      else batch.put(Bucket.StateValue, c.key, c.value);
    }
    const v = u64be(version);
    batch.put(Bucket.StateRoot, v, root);
    batch.put(Bucket.StateMeta, META_KEY, concatBytes(v, root));
    return { baseVersion: this.currentVersion, baseRoot: this.currentRoot, version, root, newNodes, writes: normalized };
  }

  /** Call after the batch holding `staged` was written: makes it the committed state. */
  applyStaged(staged: Staged): void {
    if (staged.baseVersion !== this.currentVersion || !bytesEqual(staged.baseRoot, this.currentRoot)) {
      throw new StorageError('STORAGE_STALE_STAGED', 'staged changes were built on another version', {
        base: staged.baseVersion.toString(),
        committed: this.currentVersion.toString(),
      });
    }
    for (const [h, node] of staged.newNodes) this.cache.set(hashKey(h), node);
    for (const w of staged.writes) this.values.set(hashKey(w.key), w.value ?? null);
    this.currentVersion = staged.version;
    this.currentRoot = staged.root;
    this.committed = true;
  }

  /** Membership or non-membership proof of `key` at `version` (default: latest). */
  async prove(key: Uint8Array, version?: bigint): Promise<StateProof> {
    return (await this.getWithProof(key, version)).proof;
  }

  /** The value of `key` at `version` (default latest), read from the tree, with its proof. */
  async getWithProof(key: Uint8Array, version?: bigint): Promise<{ value: Uint8Array | undefined; proof: StateProof; root: Uint8Array }> {
    const v = version ?? this.currentVersion;
    const root = this.rootAt(v);
    if (!root) throw new StorageError('STORAGE_STATE_VERSION', 'no such state version', { version: v.toString(), latest: this.currentVersion.toString() });
    const keyHash = sha256(key);
    const siblings: Uint8Array[] = [];
    let hash = root;
    for (let depth = 0; ; depth++) {
      if (isEmptyHash(hash)) return { value: undefined, proof: { siblings }, root };
      const node = this.loadNode(hash);
      if (node.kind === 'leaf') {
        const found = bytesEqual(node.keyHash, keyHash);
        return { value: found ? node.value : undefined, proof: { siblings, leaf: { keyHash: node.keyHash, valueHash: node.valueHash } }, root };
      }
      if (depth >= 256) throw new StorageError('STORAGE_CORRUPT_RECORD', 'state tree deeper than 256');
      const right = bitAt(keyHash, depth) === 1;
      siblings.push(right ? node.left : node.right);
      hash = right ? node.right : node.left;
    }
  }

  private loadNode(hash: Uint8Array): TreeNode {
    const k = hashKey(hash);
    const cached = this.cache.get(k);
    if (cached) return cached;
    const rec = this.db.getSync(Bucket.StateNode, hash);
    if (!rec) throw new StorageError('STORAGE_STATE_NODE_MISSING', 'state tree node missing from disk', { hash: Buffer.from(hash).toString('hex') });
    const node = decodeNode(rec);
    if (node.kind === 'internal') this.cache.set(k, node); // leaves are rarely read twice
    return node;
  }
}
