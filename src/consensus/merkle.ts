// RFC 6962 merkle root as CometBFT computes it (crypto/merkle.HashFromByteSlices):
// leaf = sha256(0x00 || item), inner = sha256(0x01 || left || right), split at the largest
// power of two below n, empty list = sha256(""). SHA-256 via node:crypto (~10x noble here), one-shot.
import { sha256, sha256Concat } from '../crypto/hash.js';

export { sha256 };

const LEAF = Uint8Array.of(0);
const INNER = Uint8Array.of(1);

export function leafHash(item: Uint8Array): Uint8Array {
  return sha256Concat([LEAF, item]);
}

export function innerHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Concat([INNER, left, right]);
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOfLeaves(leaves: Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 1) return leaves[from];
  const k = splitPoint(n);
  return innerHash(rootOfLeaves(leaves, from, from + k), rootOfLeaves(leaves, from + k, to));
}

export function merkleRoot(items: Uint8Array[]): Uint8Array {
  if (items.length === 0) return sha256(new Uint8Array());
  const leaves = items.map(leafHash);
  return rootOfLeaves(leaves, 0, leaves.length);
}
