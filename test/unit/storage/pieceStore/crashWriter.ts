// Child process for the kill -9 test: writes the blocks of one content into a piece store as
// fast as it can (many pieces half-written at any moment) until killed or done. It prints
// "ready", then "piece <p>" as each piece is reported durable, then "done".
// Usage: node --import tsx crashWriter.ts <store dir> <source dir>
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';

const [storeDir, sourceDir] = process.argv.slice(2) as [string, string];
const blocks = readFileSync(join(sourceDir, 'blocks'));
const leaves = readFileSync(join(sourceDir, 'leaves'));
const m = JSON.parse(readFileSync(join(sourceDir, 'meta.json'), 'utf8')) as Record<string, string | number>;
const meta = {
  contentId: Buffer.from(m.contentId as string, 'hex'),
  plainSize: BigInt(m.plainSize as string),
  pieceBlocks: m.pieceBlocks as number,
  pieceLayer: Buffer.from(m.pieceLayer as string, 'hex'),
};

const shuffle = <T>(a: T[]): T[] => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

const store = await PieceStore.open(storeDir);
const h = await store.add(meta);
h.onPiece((p) => process.stdout.write(`piece ${p}\n`));
process.stdout.write('ready\n');

// Pieces in random order, eight at a time with their blocks mixed: many partial pieces.
const { numPieces, pieceBlocks, numBlocks } = h.layout;
const order: number[] = [];
const pieces = shuffle([...Array(numPieces).keys()].filter((p) => !h.hasPiece(p)));
for (let g = 0; g < pieces.length; g += 8) {
  const group: number[] = [];
  for (const p of pieces.slice(g, g + 8)) for (let i = p * pieceBlocks; i < Math.min((p + 1) * pieceBlocks, numBlocks); i++) group.push(i);
  order.push(...shuffle(group));
}
let next = 0;
const worker = async (): Promise<void> => {
  while (next < order.length) {
    const i = order[next++]!;
    await h.writeBlock(i, blocks.subarray(i * 16384, (i + 1) * 16384), leaves.subarray(i * 32, (i + 1) * 32));
  }
};
await Promise.all(Array.from({ length: 16 }, worker));
process.stdout.write('done\n');
await store.close();
