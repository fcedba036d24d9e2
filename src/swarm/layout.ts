// How a content file is cut up (DESIGN.md §4): fixed 16 KiB ciphertext blocks, grouped into
// pieces of a power-of-two number of blocks, hashed into a Merkle tree of leafCount leaves.
import { SwarmError } from './errors.js';

/** Plaintext bytes per block: a sealed block (plaintext + GCM tag) is exactly 16 KiB. */
export const BLOCK_PLAIN_BYTES = 16368;
export const GCM_TAG_BYTES = 16;
export const BLOCK_BYTES = 16384;
/** 16 blocks = 256 KiB pieces. */
export const DEFAULT_PIECE_BLOCKS = 16;
export const MAX_PIECE_BLOCKS = 1024;
/** 64 GiB. */
export const MAX_PLAIN_SIZE = 2n ** 36n;

export interface ContentLayout {
  plainSize: bigint;
  numBlocks: number;
  /** Effective blocks per piece: min(requested, leafCount). */
  pieceBlocks: number;
  numPieces: number;
  /** Next power of two >= numBlocks: the width of the Merkle tree. */
  leafCount: number;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function contentLayout(plainSize: bigint, pieceBlocks: number = DEFAULT_PIECE_BLOCKS): ContentLayout {
  if (typeof plainSize !== 'bigint' || plainSize < 0n || plainSize > MAX_PLAIN_SIZE) {
    throw new SwarmError('SWARM_BAD_LAYOUT', `content size must be 0..${MAX_PLAIN_SIZE} bytes`, {
      plainSize: String(plainSize),
    });
  }
  if (!isPowerOfTwo(pieceBlocks) || pieceBlocks > MAX_PIECE_BLOCKS) {
    throw new SwarmError('SWARM_BAD_LAYOUT', `blocks per piece must be a power of two in 1..${MAX_PIECE_BLOCKS}`, {
      pieceBlocks,
    });
  }
  const blockBytes = BigInt(BLOCK_PLAIN_BYTES);
  // An empty file still has one (all-padding) block, so every content has a root.
  const numBlocks = plainSize === 0n ? 1 : Number((plainSize + blockBytes - 1n) / blockBytes);
  const leafCount = nextPowerOfTwo(numBlocks);
  const effective = Math.min(pieceBlocks, leafCount);
  const numPieces = Math.ceil(numBlocks / effective);
  return { plainSize, numBlocks, pieceBlocks: effective, numPieces, leafCount };
}

/** The piece that holds block `block`. */
export function pieceOf(layout: ContentLayout, block: number): number {
  checkIndex(block, layout.numBlocks, 'block');
  return Math.floor(block / layout.pieceBlocks);
}

/** Blocks [first, first + count) of piece `piece`; the last piece may be short. */
export function pieceRange(layout: ContentLayout, piece: number): { first: number; count: number } {
  checkIndex(piece, layout.numPieces, 'piece');
  const first = piece * layout.pieceBlocks;
  return { first, count: Math.min(layout.pieceBlocks, layout.numBlocks - first) };
}

/** Plaintext bytes that block `block` carries (the last block is partial; an empty file's is 0). */
export function blockPlainLength(layout: ContentLayout, block: number): number {
  checkIndex(block, layout.numBlocks, 'block');
  const start = BigInt(block) * BigInt(BLOCK_PLAIN_BYTES);
  const left = layout.plainSize - start;
  return left >= BigInt(BLOCK_PLAIN_BYTES) ? BLOCK_PLAIN_BYTES : Number(left > 0n ? left : 0n);
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new SwarmError('SWARM_BAD_LAYOUT', `${what} index out of range`, { [what]: i, count: n });
  }
}
