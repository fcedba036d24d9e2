// Hashing of the sparse Merkle tree. Leaves and inner nodes are domain-separated by a tag
// byte, so a leaf can never be passed off as an inner node or the other way round.
import { sha256 } from '../../crypto/hash.js';

/** Hash of an empty subtree, and so the root of the empty state: 32 zero bytes. */
export const EMPTY_HASH: Uint8Array = new Uint8Array(32);

export const LEAF_TAG = 0x00;
export const INTERNAL_TAG = 0x01;
export const HASH_BYTES = 32;
export const KEY_BITS = 256;

// node:crypto one-shot SHA-256 (crypto/hash.ts): ~10x faster than pure JS, and this is the hot path of staging.
export { sha256 };

// Hashing is synchronous, so one scratch input serves every node hash (65 bytes would
// otherwise be one malloc'd array per hash: V8 keeps only arrays up to 64 bytes on its heap).
const pair = new Uint8Array(1 + 2 * HASH_BYTES);

/** sha256(tag || a || b) over two 32-byte hashes: the one shape of every tree node hash. */
function taggedPairHash(tag: number, a: Uint8Array, b: Uint8Array): Uint8Array {
  pair[0] = tag;
  pair.set(a, 1);
  pair.set(b, 1 + HASH_BYTES);
  return sha256(pair);
}

/** sha256(0x00 || keyHash || valueHash): depends only on the pair, not on the leaf's position. */
export function leafHash(keyHash: Uint8Array, valueHash: Uint8Array): Uint8Array {
  return taggedPairHash(LEAF_TAG, keyHash, valueHash);
}

/** sha256(0x01 || left || right); an empty child is EMPTY_HASH. */
export function internalHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return taggedPairHash(INTERNAL_TAG, left, right);
}

/** Bit `depth` of a key hash, most significant bit first: 0 = go left, 1 = go right. */
export function bitAt(keyHash: Uint8Array, depth: number): number {
  return (keyHash[depth >> 3]! >> (7 - (depth & 7))) & 1;
}

export function isEmptyHash(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}
