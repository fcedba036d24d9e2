import {
  BLOCK_BYTES,
  BLOCK_PLAIN_BYTES,
  GCM_TAG_BYTES,
  MAX_PLAIN_SIZE,
  blockPlainLength,
  contentLayout,
  pieceOf,
  pieceRange,
} from '../../../../src/swarm/layout.js';
import { SwarmError } from '../../../../src/swarm/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SwarmError ? err.code : 'not-a-SwarmError';
  }
  return undefined;
}

describe('contentLayout', () => {
  it('a sealed block is exactly 16 KiB', () => {
    expect(BLOCK_PLAIN_BYTES + GCM_TAG_BYTES).toBe(BLOCK_BYTES);
  });

  it('an empty file is one padded block', () => {
    expect(contentLayout(0n)).toEqual({ plainSize: 0n, numBlocks: 1, pieceBlocks: 1, numPieces: 1, leafCount: 1 });
    expect(blockPlainLength(contentLayout(0n), 0)).toBe(0);
  });

  it('block boundaries', () => {
    expect(contentLayout(1n).numBlocks).toBe(1);
    expect(contentLayout(16368n).numBlocks).toBe(1);
    expect(contentLayout(16369n)).toEqual({ plainSize: 16369n, numBlocks: 2, pieceBlocks: 2, numPieces: 1, leafCount: 2 });
    expect(blockPlainLength(contentLayout(16369n), 1)).toBe(1);
    expect(blockPlainLength(contentLayout(16369n), 0)).toBe(16368);
  });

  it('17 blocks in 16-block pieces: 2 pieces, 32 leaves, the last piece has one block', () => {
    const l = contentLayout(16n * 16368n + 5n);
    expect(l).toEqual({ plainSize: 16n * 16368n + 5n, numBlocks: 17, pieceBlocks: 16, numPieces: 2, leafCount: 32 });
    expect(pieceRange(l, 0)).toEqual({ first: 0, count: 16 });
    expect(pieceRange(l, 1)).toEqual({ first: 16, count: 1 });
    expect(pieceOf(l, 15)).toBe(0);
    expect(pieceOf(l, 16)).toBe(1);
  });

  it('the largest content', () => {
    const l = contentLayout(MAX_PLAIN_SIZE, 1024);
    expect(l.numBlocks).toBe(Number((MAX_PLAIN_SIZE + 16367n) / 16368n));
    expect(l.leafCount).toBe(2 ** 23);
    expect(l.numPieces).toBe(Math.ceil(l.numBlocks / 1024));
  });

  it('rejects bad sizes and piece sizes', () => {
    expect(codeOf(() => contentLayout(-1n))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(MAX_PLAIN_SIZE + 1n))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10n, 3))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10n, 0))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10n, 2048))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10n, 1.5))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10 as unknown as bigint))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => contentLayout(10n, 1024))).toBeUndefined();
  });

  it('rejects out-of-range block and piece indexes', () => {
    const l = contentLayout(17n * 16368n);
    expect(codeOf(() => pieceOf(l, 17))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => pieceOf(l, -1))).toBe('SWARM_BAD_LAYOUT');
    expect(codeOf(() => pieceRange(l, 2))).toBe('SWARM_BAD_LAYOUT');
  });
});
