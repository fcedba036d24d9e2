// The content Merkle tree (DESIGN.md §4). leaf = SHA-256(ciphertext block), inner =
// SHA-256(left || right), leaves past numBlocks are 32 zero bytes, the root over leafCount
// leaves is the content id. Nodes live in flat Uint8Arrays (n*32 bytes): siblings sit side by
// side, so a parent is one hash over a 64-byte subarray and no per-node object is made.
// node:crypto one-shot SHA-256: several times faster than @noble/hashes on this hot path.
// Why not merkletreejs (in the stack)? Measured by bench:packaging (N = 16,384 leaves): building
// the tree here takes 12 ms against 29-47 ms for merkletreejs 0.6 (2.4-3.8x), in 64 bytes per
// leaf instead of a Buffer object per node. Its proofs from a built tree are quicker (0.4 µs
// against 1.2 µs here), but proofs are rare and the build dominates, so the code uses this tree
// for roots, piece layers and proofs; merkletreejs only serves as a cross-check in the bench.
import { hash as nodeHash } from 'node:crypto';
import { SwarmError } from './errors.js';
import type { ContentLayout } from './layout.js';

export const HASH_BYTES = 32;

function sha256(data: Uint8Array): Uint8Array {
  return nodeHash('sha256', data, 'buffer');
}

// zeroHashes[h] = root of a subtree of height h whose leaves are all zero (h = 0: the leaf).
const zeroHashes: Uint8Array[] = [new Uint8Array(HASH_BYTES)];

/** Root of an all-missing subtree of height `height`. */
export function zeroSubtreeHash(height: number): Uint8Array {
  while (zeroHashes.length <= height) {
    const below = zeroHashes[zeroHashes.length - 1]!;
    const pair = new Uint8Array(2 * HASH_BYTES);
    pair.set(below, 0);
    pair.set(below, HASH_BYTES);
    zeroHashes.push(sha256(pair));
  }
  return zeroHashes[height]!;
}

export function hashLeaf(block: Uint8Array): Uint8Array {
  return sha256(block);
}

/** SHA-256(left || right). */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const pair = new Uint8Array(2 * HASH_BYTES);
  pair.set(left, 0);
  pair.set(right, HASH_BYTES);
  return sha256(pair);
}

/**
 * One level up: `nodes` holds `count` hashes at `height`; returns ceil(count/2) parents.
 * A missing right sibling is the zero-subtree hash of that height.
 */
function parentLayer(nodes: Uint8Array, count: number, height: number): Uint8Array {
  const parents = Math.ceil(count / 2);
  const out = new Uint8Array(parents * HASH_BYTES);
  const full = Math.floor(count / 2);
  for (let i = 0; i < full; i++) {
    out.set(sha256(nodes.subarray(i * 2 * HASH_BYTES, (i + 1) * 2 * HASH_BYTES)), i * HASH_BYTES);
  }
  if (parents > full) {
    const left = nodes.subarray((count - 1) * HASH_BYTES, count * HASH_BYTES);
    out.set(hashPair(left, zeroSubtreeHash(height)), full * HASH_BYTES);
  }
  return out;
}

/** Raise `count` nodes at `fromHeight` by `levels` levels (zero-padded on the right). */
function raise(nodes: Uint8Array, count: number, fromHeight: number, levels: number): Uint8Array {
  let layer = nodes;
  let n = count;
  for (let h = fromHeight; h < fromHeight + levels; h++) {
    layer = parentLayer(layer, n, h);
    n = Math.ceil(n / 2);
  }
  return layer;
}

function log2(powerOfTwo: number): number {
  return 31 - Math.clz32(powerOfTwo);
}

function checkHashes(bytes: Uint8Array, count: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== count * HASH_BYTES) {
    throw new SwarmError('SWARM_BAD_PIECE_LAYER', `${what} must be ${count} hashes of 32 bytes`, {
      expectedBytes: count * HASH_BYTES,
      gotBytes: bytes instanceof Uint8Array ? bytes.length : null,
    });
  }
}

/** Root of one piece: `leaves` holds k <= pieceBlocks leaf hashes, the rest are zero leaves. */
export function pieceRoot(leaves: Uint8Array, pieceBlocks: number): Uint8Array {
  const k = leaves.length / HASH_BYTES;
  if (!Number.isInteger(k) || k < 1 || k > pieceBlocks) {
    throw new SwarmError('SWARM_BAD_PIECE_LAYER', `a piece has 1..${pieceBlocks} leaf hashes`, {
      gotBytes: leaves.length,
    });
  }
  return raise(leaves, k, 0, log2(pieceBlocks)).slice(0, HASH_BYTES);
}

/** The piece layer (numPieces*32): every piece's subtree root, from all numBlocks leaves. */
export function pieceLayerFromLeaves(leaves: Uint8Array, layout: ContentLayout): Uint8Array {
  checkHashes(leaves, layout.numBlocks, 'leaves');
  // Raising the whole leaf row by log2(pieceBlocks) levels gives each piece's root in order.
  return raise(leaves, layout.numBlocks, 0, log2(layout.pieceBlocks));
}

/** The content id from the piece layer: pads that row with zero-subtree hashes up to the root. */
export function rootFromPieceLayer(pieceLayer: Uint8Array, layout: ContentLayout): Uint8Array {
  checkHashes(pieceLayer, layout.numPieces, 'piece layer');
  const fromHeight = log2(layout.pieceBlocks);
  const levels = log2(layout.leafCount) - fromHeight;
  return raise(pieceLayer, layout.numPieces, fromHeight, levels).slice(0, HASH_BYTES);
}

/** True if `pieceLayer` has the right length and hashes up to `contentId`. */
export function verifyPieceLayer(pieceLayer: Uint8Array, layout: ContentLayout, contentId: Uint8Array): boolean {
  if (!(pieceLayer instanceof Uint8Array) || pieceLayer.length !== layout.numPieces * HASH_BYTES) return false;
  if (!(contentId instanceof Uint8Array) || contentId.length !== HASH_BYTES) return false;
  return bytesEqual(rootFromPieceLayer(pieceLayer, layout), contentId);
}

/** Root straight from the leaves (numBlocks*32). */
export function rootFromLeaves(leaves: Uint8Array, layout: ContentLayout): Uint8Array {
  return rootFromPieceLayer(pieceLayerFromLeaves(leaves, layout), layout);
}

/**
 * Every level of the tree, leaves first (level h holds ceil(numBlocks / 2^h) hashes, the rest of
 * the row being zero subtrees): built once, then any number of proofs are read from it.
 */
export function merkleLevels(leaves: Uint8Array, layout: ContentLayout): Uint8Array[] {
  checkHashes(leaves, layout.numBlocks, 'leaves');
  const levels = [leaves];
  let n = layout.numBlocks;
  for (let h = 0; h < log2(layout.leafCount); h++) {
    levels.push(parentLayer(levels[h]!, n, h));
    n = Math.ceil(n / 2);
  }
  return levels;
}

/** The sibling path of leaf `index`, bottom up: log2(leafCount) hashes of 32 bytes. */
export function merkleProof(levels: Uint8Array[], index: number): Uint8Array {
  const height = levels.length - 1;
  if (!Number.isInteger(index) || index < 0 || index * HASH_BYTES >= levels[0]!.length) {
    throw new SwarmError('SWARM_BAD_LAYOUT', 'leaf index out of range', { index });
  }
  const proof = new Uint8Array(height * HASH_BYTES);
  let i = index;
  for (let h = 0; h < height; h++) {
    const sibling = i ^ 1;
    const row = levels[h]!;
    const node = sibling * HASH_BYTES < row.length ? row.subarray(sibling * HASH_BYTES, (sibling + 1) * HASH_BYTES) : zeroSubtreeHash(h);
    proof.set(node, h * HASH_BYTES);
    i >>>= 1;
  }
  return proof;
}

/** True if `leaf` at `index` with sibling path `proof` hashes up to `root`. */
export function verifyMerkleProof(leaf: Uint8Array, index: number, proof: Uint8Array, root: Uint8Array): boolean {
  if (leaf.length !== HASH_BYTES || proof.length % HASH_BYTES !== 0 || root.length !== HASH_BYTES) return false;
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** (proof.length / HASH_BYTES)) return false;
  let node = leaf;
  let i = index;
  for (let at = 0; at < proof.length; at += HASH_BYTES) {
    const sibling = proof.subarray(at, at + HASH_BYTES);
    node = i & 1 ? hashPair(sibling, node) : hashPair(node, sibling);
    i >>>= 1;
  }
  return bytesEqual(node, root);
}

export function contentIdHex(id: Uint8Array): string {
  if (!(id instanceof Uint8Array) || id.length !== HASH_BYTES) {
    throw new SwarmError('SWARM_BAD_CONTENT_ID', 'a content id is 32 bytes', { gotBytes: id?.length ?? null });
  }
  return Buffer.from(id.buffer, id.byteOffset, id.length).toString('hex');
}

/** 64 hex characters (lowercase is canonical; uppercase accepted) -> 32 bytes. */
export function parseContentId(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SwarmError('SWARM_BAD_CONTENT_ID', 'a content id is 64 hex characters', {
      length: typeof hex === 'string' ? hex.length : null,
    });
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
