// Test contents for the piece store: random ciphertext-like blocks with their real Merkle data.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BLOCK_BYTES, BLOCK_PLAIN_BYTES, contentLayout, type ContentLayout } from '../../../../src/swarm/layout.js';
import { hashLeaf, pieceLayerFromLeaves, rootFromPieceLayer } from '../../../../src/swarm/merkle.js';
import type { ContentMeta } from '../../../../src/storage/pieceStore/index.js';
import type { Logger } from '../../../../src/consensus/interface.js';

export interface TestContent {
  meta: ContentMeta;
  layout: ContentLayout;
  blocks: Buffer; // numBlocks * 16384
  leaves: Buffer; // numBlocks * 32
  block(i: number): Buffer;
  leaf(i: number): Buffer;
}

/** A content of `numBlocks` blocks (its plain size makes the last block partial). */
export function makeContent(numBlocks: number, pieceBlocks = 16): TestContent {
  const plainSize = BigInt(numBlocks - 1) * BigInt(BLOCK_PLAIN_BYTES) + 1000n;
  const layout = contentLayout(plainSize, pieceBlocks);
  const blocks = randomBytes(layout.numBlocks * BLOCK_BYTES);
  return contentFrom(blocks, layout, pieceBlocks);
}

export function contentFrom(blocks: Buffer, layout: ContentLayout, pieceBlocks: number): TestContent {
  const leaves = Buffer.alloc(layout.numBlocks * 32);
  for (let i = 0; i < layout.numBlocks; i++) leaves.set(hashLeaf(blocks.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES)), i * 32);
  const pieceLayer = pieceLayerFromLeaves(leaves, layout);
  const contentId = rootFromPieceLayer(pieceLayer, layout);
  return {
    meta: { contentId, plainSize: layout.plainSize, pieceBlocks, pieceLayer },
    layout,
    blocks,
    leaves,
    block: (i) => blocks.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES),
    leaf: (i) => leaves.subarray(i * 32, (i + 1) * 32),
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-pieces-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps every line, to assert on what the store reported. */
export function recordingLogger(): Logger & { lines: { level: string; msg: string; ctx?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; ctx?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, ctx?: Record<string, unknown>) => void lines.push({ level, msg, ctx });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Fisher-Yates over 0..n-1. */
export function shuffled(n: number): number[] {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Writes a packed folder the way packFile does: blocks + leaves files. */
export function writePacked(dir: string, c: TestContent): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'blocks'), c.blocks);
  fs.writeFileSync(path.join(dir, 'leaves'), c.leaves);
}

export async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect((err as { code?: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected an error with code ${code}`);
}
