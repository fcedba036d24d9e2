// RFC 6962 merkle root as CometBFT computes it (crypto/merkle.HashFromByteSlices):
// leaf = sha256(0x00 || item), inner = sha256(0x01 || left || right), split at the largest
// power of two below n, empty list = sha256(""). SHA-256 via node:crypto: ~10x noble here,
// one-shot (no Hash object per node); the prefixed input is laid out in a reused scratch buffer
// (hashing is synchronous, so nothing else can touch it meanwhile).
import { hash } from 'node:crypto';

const SCRATCH_MAX = 64 * 1024;
let scratch = new Uint8Array(1024);

function prefixedHash(prefix: number, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const len = 1 + a.length + (b?.length ?? 0);
  if (scratch.length < len && len <= SCRATCH_MAX) scratch = new Uint8Array(SCRATCH_MAX);
  const buf = len <= scratch.length ? scratch : new Uint8Array(len);
  buf[0] = prefix;
  buf.set(a, 1);
  if (b) buf.set(b, 1 + a.length);
  return new Uint8Array(hash('sha256', buf.subarray(0, len), 'buffer'));
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

export function leafHash(item: Uint8Array): Uint8Array {
  return prefixedHash(0, item);
}

export function innerHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return prefixedHash(1, left, right);
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
