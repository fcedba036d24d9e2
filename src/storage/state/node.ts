// Tree nodes and their on-disk records. Nodes are content-addressed (stored under their hash),
// so every version's tree stays readable for proofs without copying anything.
import { StorageError } from '../errors.js';
import { readU32be } from '../bytes.js';
import { HASH_BYTES, INTERNAL_TAG, LEAF_TAG } from './hash.js';

export interface LeafNode {
  kind: 'leaf';
  keyHash: Uint8Array;
  valueHash: Uint8Array;
  /** The state key and value themselves, so old versions can answer queries, not only proofs. */
  key: Uint8Array;
  value: Uint8Array;
}

export interface InternalNode {
  kind: 'internal';
  left: Uint8Array; // child hash, EMPTY_HASH when that side is empty
  right: Uint8Array;
  /** Key hash of a child that is a leaf: updates then never need to load leaves. */
  leftLeafKeyHash?: Uint8Array;
  rightLeafKeyHash?: Uint8Array;
}

export type TreeNode = LeafNode | InternalNode;

// leaf:     0x00 || keyHash(32) || valueHash(32) || keyLen(u32) || key || value
// internal: 0x01 || left(32) || right(32) || flags(1) || leftLeafKeyHash(32)? || rightLeafKeyHash(32)?
//           flags bit0 / bit1: the left / right child is a leaf (its key hash follows)
const INTERNAL_HEAD = 1 + 2 * HASH_BYTES + 1;

export function encodeNode(node: TreeNode): Uint8Array {
  if (node.kind === 'internal') {
    const l = node.leftLeafKeyHash;
    const r = node.rightLeafKeyHash;
    const out = new Uint8Array(INTERNAL_HEAD + (l ? HASH_BYTES : 0) + (r ? HASH_BYTES : 0));
    out[0] = INTERNAL_TAG;
    out.set(node.left, 1);
    out.set(node.right, 1 + HASH_BYTES);
    out[INTERNAL_HEAD - 1] = (l ? 1 : 0) | (r ? 2 : 0);
    if (l) out.set(l, INTERNAL_HEAD);
    if (r) out.set(r, INTERNAL_HEAD + (l ? HASH_BYTES : 0));
    return out;
  }
  const head = 1 + 2 * HASH_BYTES + 4;
  const out = new Uint8Array(head + node.key.length + node.value.length);
  out[0] = LEAF_TAG;
  out.set(node.keyHash, 1);
  out.set(node.valueHash, 1 + HASH_BYTES);
  new DataView(out.buffer).setUint32(1 + 2 * HASH_BYTES, node.key.length);
  out.set(node.key, head);
  out.set(node.value, head + node.key.length);
  return out;
}

export function decodeNode(rec: Uint8Array): TreeNode {
  const corrupt = (why: string) => new StorageError('STORAGE_CORRUPT_RECORD', `state node record: ${why}`, { length: rec.length });
  if (rec[0] === INTERNAL_TAG) {
    if (rec.length < INTERNAL_HEAD) throw corrupt('internal node truncated');
    const flags = rec[INTERNAL_HEAD - 1]!;
    if (flags > 3) throw corrupt('bad internal node flags');
    const hasL = (flags & 1) !== 0;
    const hasR = (flags & 2) !== 0;
    if (rec.length !== INTERNAL_HEAD + (hasL ? HASH_BYTES : 0) + (hasR ? HASH_BYTES : 0)) throw corrupt('bad internal node length');
    const node: InternalNode = { kind: 'internal', left: rec.subarray(1, 1 + HASH_BYTES), right: rec.subarray(1 + HASH_BYTES, 1 + 2 * HASH_BYTES) };
    if (hasL) node.leftLeafKeyHash = rec.subarray(INTERNAL_HEAD, INTERNAL_HEAD + HASH_BYTES);
    if (hasR) node.rightLeafKeyHash = rec.subarray(rec.length - HASH_BYTES);
    return node;
  }
  if (rec[0] === LEAF_TAG) {
    const head = 1 + 2 * HASH_BYTES + 4;
    if (rec.length < head) throw corrupt('leaf truncated');
    const keyLen = readU32be(rec, 1 + 2 * HASH_BYTES);
    if (head + keyLen > rec.length) throw corrupt('leaf key overruns record');
    return {
      kind: 'leaf',
      keyHash: rec.slice(1, 1 + HASH_BYTES),
      valueHash: rec.slice(1 + HASH_BYTES, 1 + 2 * HASH_BYTES),
      key: rec.slice(head, head + keyLen),
      value: rec.slice(head + keyLen),
    };
  }
  throw corrupt('unknown tag');
}
