// Membership and non-membership proofs of the state tree, and their byte encoding
// (served over RPC as a ProofOp of type "seedcast:smt").
//
// A proof is the path from the root towards sha256(key): the sibling hash at each depth, and
// what the path ends at: an empty subtree, or a leaf. The leaf is the key's own leaf
// (membership) or another key's leaf sharing the path (non-membership).
import { StorageError } from '../errors.js';
import { bytesEqual } from '../bytes.js';
import { bitAt, EMPTY_HASH, HASH_BYTES, internalHash, isEmptyHash, KEY_BITS, leafHash, sha256 } from './hash.js';

export const STATE_PROOF_OP_TYPE = 'seedcast:smt';

export interface StateProof {
  /** Sibling hashes from the root downwards; siblings.length is the depth the path ends at. */
  siblings: Uint8Array[];
  /** The leaf the path ends at; absent when it ends at an empty subtree. */
  leaf?: { keyHash: Uint8Array; valueHash: Uint8Array };
}

/** Pure check that `key` has `value` (or, with undefined, is absent) in the tree with `root`. */
export function verifyStateProof(root: Uint8Array, key: Uint8Array, value: Uint8Array | undefined, proof: StateProof): boolean {
  const { siblings, leaf } = proof;
  if (root.length !== HASH_BYTES || siblings.length > KEY_BITS) return false;
  if (siblings.some((s) => s.length !== HASH_BYTES)) return false;
  const keyHash = sha256(key);
  let node: Uint8Array;
  if (leaf) {
    if (leaf.keyHash.length !== HASH_BYTES || leaf.valueHash.length !== HASH_BYTES) return false;
    const sameKey = bytesEqual(leaf.keyHash, keyHash);
    if (value !== undefined) {
      if (!sameKey || !bytesEqual(leaf.valueHash, sha256(value))) return false;
    } else {
      // Another key's leaf proves absence only if it sits on our path.
      if (sameKey || !sharesPrefix(leaf.keyHash, keyHash, siblings.length)) return false;
    }
    node = leafHash(leaf.keyHash, leaf.valueHash);
  } else {
    if (value !== undefined) return false;
    node = EMPTY_HASH;
  }
  for (let depth = siblings.length - 1; depth >= 0; depth--) {
    const sibling = siblings[depth]!;
    node = bitAt(keyHash, depth) === 0 ? internalHash(node, sibling) : internalHash(sibling, node);
  }
  return bytesEqual(node, root);
}

function sharesPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) if (bitAt(a, i) !== bitAt(b, i)) return false;
  return true;
}

// Encoding: format(1)=1 | ends-at(1): 0 empty, 1 leaf | depth(u16) | bitmap of non-empty
// siblings, ceil(depth/8) bytes, MSB first, unused bits zero | the non-empty siblings, 32 bytes
// each | keyHash(32) valueHash(32) when ending at a leaf. Canonical: one encoding per proof.
const FORMAT = 1;
export const MAX_STATE_PROOF_BYTES = 4 + KEY_BITS / 8 + KEY_BITS * HASH_BYTES + 2 * HASH_BYTES;

export function encodeStateProof(proof: StateProof): Uint8Array {
  const depth = proof.siblings.length;
  if (depth > KEY_BITS) throw new StorageError('STORAGE_BAD_PROOF', 'proof deeper than 256');
  const bitmap = new Uint8Array(Math.ceil(depth / 8));
  const present: Uint8Array[] = [];
  proof.siblings.forEach((s, i) => {
    if (s.length !== HASH_BYTES) throw new StorageError('STORAGE_BAD_PROOF', 'sibling is not 32 bytes', { depth: i });
    if (!isEmptyHash(s)) {
      bitmap[i >> 3]! |= 0x80 >> (i & 7);
      present.push(s);
    }
  });
  const tail = proof.leaf ? 2 * HASH_BYTES : 0;
  const out = new Uint8Array(4 + bitmap.length + present.length * HASH_BYTES + tail);
  out[0] = FORMAT;
  out[1] = proof.leaf ? 1 : 0;
  out[2] = depth >> 8;
  out[3] = depth & 0xff;
  out.set(bitmap, 4);
  let off = 4 + bitmap.length;
  for (const s of present) {
    out.set(s, off);
    off += HASH_BYTES;
  }
  if (proof.leaf) {
    out.set(proof.leaf.keyHash, off);
    out.set(proof.leaf.valueHash, off + HASH_BYTES);
  }
  return out;
}

/** Total and bounded: any byte string either decodes or throws STORAGE_BAD_PROOF. */
export function decodeStateProof(bytes: Uint8Array): StateProof {
  const bad = (why: string) => new StorageError('STORAGE_BAD_PROOF', `malformed state proof: ${why}`, { length: bytes.length });
  if (!(bytes instanceof Uint8Array)) throw bad('not bytes');
  if (bytes.length > MAX_STATE_PROOF_BYTES) throw bad('too long');
  if (bytes.length < 4) throw bad('truncated header');
  if (bytes[0] !== FORMAT) throw bad(`unknown format ${bytes[0]}`);
  const endsAtLeaf = bytes[1];
  if (endsAtLeaf !== 0 && endsAtLeaf !== 1) throw bad('bad end marker');
  const depth = (bytes[2]! << 8) | bytes[3]!;
  if (depth > KEY_BITS) throw bad('deeper than 256');
  const bitmapLen = Math.ceil(depth / 8);
  if (bytes.length < 4 + bitmapLen) throw bad('truncated bitmap');
  const bitmap = bytes.subarray(4, 4 + bitmapLen);
  if (depth % 8 !== 0 && (bitmap[bitmapLen - 1]! & (0xff >> (depth % 8))) !== 0) throw bad('bitmap padding not zero');
  let count = 0;
  for (let i = 0; i < depth; i++) if (bitmap[i >> 3]! & (0x80 >> (i & 7))) count++;
  const expected = 4 + bitmapLen + count * HASH_BYTES + (endsAtLeaf ? 2 * HASH_BYTES : 0);
  if (bytes.length !== expected) throw bad(`length ${bytes.length}, expected ${expected}`);
  let off = 4 + bitmapLen;
  const siblings: Uint8Array[] = [];
  for (let i = 0; i < depth; i++) {
    if (bitmap[i >> 3]! & (0x80 >> (i & 7))) {
      const s = bytes.slice(off, off + HASH_BYTES);
      if (isEmptyHash(s)) throw bad('explicit empty sibling (non-canonical)');
      siblings.push(s);
      off += HASH_BYTES;
    } else siblings.push(new Uint8Array(HASH_BYTES));
  }
  const proof: StateProof = { siblings };
  if (endsAtLeaf) proof.leaf = { keyHash: bytes.slice(off, off + HASH_BYTES), valueHash: bytes.slice(off + HASH_BYTES, off + 2 * HASH_BYTES) };
  return proof;
}
