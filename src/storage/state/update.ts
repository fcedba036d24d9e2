// Batch update of the sparse Merkle tree. Keys are placed by the bits of sha256(key); a
// subtree holding a single leaf is that leaf itself (short-cut leaf, as in Jellyfish), and an
// empty subtree is EMPTY_HASH. Inner nodes record which children are leaves (and their key hashes),
// so an update never loads a leaf. That shape is canonical: the root depends only on the set of
// (key, value) pairs. All changes are applied in one recursive pass, so every touched node is
// loaded and hashed once however many changes pass through it.
import { bitAt, EMPTY_HASH, internalHash, isEmptyHash, leafHash, sha256 } from './hash.js';
import type { InternalNode, LeafNode, TreeNode } from './node.js';

export interface KeyChange {
  keyHash: Uint8Array;
  key: Uint8Array;
  value: Uint8Array | undefined; // undefined = delete
}

const enum Kind {
  Empty,
  Leaf,
  Internal,
  Unknown, // only the root: its parent is not there to tell us
}

/** A subtree as its parent sees it; a leaf always carries its key hash. */
interface Sub {
  hash: Uint8Array;
  kind: Kind;
  keyHash?: Uint8Array;
}

const EMPTY: Sub = { hash: EMPTY_HASH, kind: Kind.Empty };

/** Sorts by key hash and keeps the last change of each key. */
export function normalizeChanges(changes: Array<[Uint8Array, Uint8Array | undefined]>): KeyChange[] {
  const list = changes.map(([key, value], order) => ({ keyHash: sha256(key), key, value, order }));
  list.sort((a, b) => Buffer.compare(a.keyHash, b.keyHash) || a.order - b.order);
  const out: KeyChange[] = [];
  for (let i = 0; i < list.length; i++) {
    const next = list[i + 1];
    if (next && Buffer.compare(next.keyHash, list[i]!.keyHash) === 0) continue;
    const { keyHash, key, value } = list[i]!;
    out.push({ keyHash, key, value });
  }
  return out;
}

export class TreeUpdater {
  constructor(
    private readonly loadNode: (hash: Uint8Array) => TreeNode,
    private readonly saveNode: (hash: Uint8Array, node: TreeNode) => void,
  ) {}

  /** New root after applying `changes` (sorted, deduplicated) to the tree at `root`. */
  apply(root: Uint8Array, changes: KeyChange[]): Uint8Array {
    if (changes.length === 0) return root;
    return this.updateAt(this.resolveRoot(root), 0, changes, 0, changes.length).hash;
  }

  private updateAt(sub: Sub, depth: number, ch: KeyChange[], lo: number, hi: number): Sub {
    if (lo === hi) return sub;
    if (sub.kind === Kind.Empty) return this.build(depth, ch, lo, hi, undefined);
    if (sub.kind === Kind.Leaf) {
      // The existing leaf joins the inserts, unless a change replaces or deletes it.
      const replaced = findKeyHash(ch, lo, hi, sub.keyHash!);
      return this.build(depth, ch, lo, hi, replaced ? undefined : sub);
    }
    const node = this.loadNode(sub.hash);
    if (node.kind !== 'internal') throw new Error('state tree: expected an internal node');
    const mid = splitByBit(ch, lo, hi, depth);
    const left = this.updateAt(childSub(node.left, node.leftLeafKeyHash), depth + 1, ch, lo, mid);
    const right = this.updateAt(childSub(node.right, node.rightLeafKeyHash), depth + 1, ch, mid, hi);
    return this.combine(left, right);
  }

  /** Builds a subtree from scratch out of the inserts in ch[lo, hi) plus an optional existing leaf. */
  private build(depth: number, ch: KeyChange[], lo: number, hi: number, existing: Sub | undefined): Sub {
    let live = existing ? 1 : 0;
    let single = -1;
    for (let i = lo; i < hi; i++) {
      if (ch[i]!.value !== undefined) {
        live++;
        single = i;
      }
    }
    if (live === 0) return EMPTY;
    if (live === 1) return existing ?? this.newLeaf(ch[single]!);
    const mid = splitByBit(ch, lo, hi, depth);
    const existingRight = existing !== undefined && bitAt(existing.keyHash!, depth) === 1;
    const left = this.build(depth + 1, ch, lo, mid, existingRight ? undefined : existing);
    const right = this.build(depth + 1, ch, mid, hi, existingRight ? existing : undefined);
    return this.combine(left, right);
  }

  private combine(left: Sub, right: Sub): Sub {
    if (left.kind === Kind.Empty && right.kind === Kind.Empty) return EMPTY;
    // A lone leaf moves up: subtrees with one key are always that key's leaf.
    if (left.kind === Kind.Empty && right.kind === Kind.Leaf) return right;
    if (right.kind === Kind.Empty && left.kind === Kind.Leaf) return left;
    const hash = internalHash(left.hash, right.hash);
    const node: InternalNode = { kind: 'internal', left: left.hash, right: right.hash };
    if (left.kind === Kind.Leaf) node.leftLeafKeyHash = left.keyHash;
    if (right.kind === Kind.Leaf) node.rightLeafKeyHash = right.keyHash;
    this.saveNode(hash, node);
    return { hash, kind: Kind.Internal };
  }

  private resolveRoot(root: Uint8Array): Sub {
    if (isEmptyHash(root)) return EMPTY;
    const node = this.loadNode(root);
    return node.kind === 'leaf' ? { hash: root, kind: Kind.Leaf, keyHash: node.keyHash } : { hash: root, kind: Kind.Internal };
  }

  private newLeaf(c: KeyChange): Sub {
    const valueHash = sha256(c.value!);
    const hash = leafHash(c.keyHash, valueHash);
    const node: LeafNode = { kind: 'leaf', keyHash: c.keyHash, valueHash, key: c.key, value: c.value! };
    this.saveNode(hash, node);
    return { hash, kind: Kind.Leaf, keyHash: c.keyHash };
  }
}

function childSub(hash: Uint8Array, leafKeyHash: Uint8Array | undefined): Sub {
  if (leafKeyHash) return { hash, kind: Kind.Leaf, keyHash: leafKeyHash };
  return isEmptyHash(hash) ? EMPTY : { hash, kind: Kind.Internal };
}

/** First index in [lo, hi) whose key hash has bit `depth` set (all share the bits above). */
function splitByBit(ch: KeyChange[], lo: number, hi: number, depth: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (bitAt(ch[m]!.keyHash, depth) === 0) a = m + 1;
    else b = m;
  }
  return a;
}

function findKeyHash(ch: KeyChange[], lo: number, hi: number, keyHash: Uint8Array): boolean {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    const c = Buffer.compare(ch[m]!.keyHash, keyHash);
    if (c === 0) return true;
    if (c < 0) a = m + 1;
    else b = m;
  }
  return false;
}
