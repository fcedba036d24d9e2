// Packaging a file for the swarm: read the plaintext in ~1 MiB chunks, seal each 16,368-byte
// block into a 16 KiB ciphertext block, hash it into a Merkle leaf, and write
//   outDir/blocks  numBlocks*16384 bytes, block i at i*16384
//   outDir/leaves  numBlocks*32 bytes, leaf i at i*32
// Memory stays fixed: two read and two write buffers are reused (the next read and the last
// write run while a chunk is sealed); only the leaves (32 bytes per 16 KiB) are kept.
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES, BLOCK_PLAIN_BYTES, contentLayout, DEFAULT_PIECE_BLOCKS, type ContentLayout } from './layout.js';
import { HASH_BYTES, hashLeaf, pieceLayerFromLeaves, rootFromPieceLayer } from './merkle.js';
import { sealBlock } from './seal.js';

/** Blocks sealed per chunk: 64 * 16,368 bytes, about 1 MiB read at a time. */
export const CHUNK_BLOCKS = 64;

export interface PackOptions {
  input: string;
  outDir: string;
  key: Uint8Array;
  salt: Uint8Array;
  pieceBlocks?: number;
  onProgress?: (doneBytes: bigint, totalBytes: bigint) => void;
  signal?: AbortSignal;
}

export interface PackResult {
  contentId: Uint8Array;
  layout: ContentLayout;
  pieceLayer: Uint8Array;
}

export function checkAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new SwarmError('SWARM_ABORTED', `${what} was aborted`);
}

async function inputSize(input: string): Promise<bigint> {
  try {
    const st = await stat(input, { bigint: true });
    if (!st.isFile()) throw new SwarmError('SWARM_INPUT', `${input} is not a regular file`, { path: input });
    return st.size;
  } catch (err) {
    if (err instanceof SwarmError) throw err;
    throw new SwarmError('SWARM_INPUT', `cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path: input });
  }
}

/** Fills buf[0, length) from `position`; returns how many bytes the file had there. */
async function readFully(fh: FileHandle, buf: Uint8Array, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Seals `input` into outDir/blocks and outDir/leaves; returns the content id and piece layer. */
export async function packFile(opts: PackOptions): Promise<PackResult> {
  const { input, outDir, key, salt, onProgress, signal } = opts;
  const size = await inputSize(input);
  const layout = contentLayout(size, opts.pieceBlocks ?? DEFAULT_PIECE_BLOCKS);
  checkAborted(signal, 'packing');
  await mkdir(outDir, { recursive: true });
  const blocksPath = join(outDir, 'blocks');
  const leavesPath = join(outDir, 'leaves');
  const leaves = new Uint8Array(layout.numBlocks * HASH_BYTES);
  const fin = await open(input, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new SwarmError('SWARM_INPUT', `cannot open ${input}: ${err.code ?? String(err)}`, { path: input });
  });
  let fblocks: FileHandle | undefined;
  let fleaves: FileHandle | undefined;
  let pendingWrite: Promise<unknown> = Promise.resolve();
  try {
    fblocks = await open(blocksPath, 'w');
    fleaves = await open(leavesPath, 'w');
    const plainChunk = CHUNK_BLOCKS * BLOCK_PLAIN_BYTES;
    const readBufs = [new Uint8Array(plainChunk), new Uint8Array(plainChunk)];
    const sealBufs = [new Uint8Array(CHUNK_BLOCKS * BLOCK_BYTES), new Uint8Array(CHUNK_BLOCKS * BLOCK_BYTES)];
    const numChunks = Math.ceil(layout.numBlocks / CHUNK_BLOCKS);
    const plainSize = Number(size); // <= 64 GiB: exact as a double
    const chunkBytes = (c: number): number => Math.max(0, Math.min(plainChunk, plainSize - c * plainChunk));
    const readChunk = (c: number): Promise<number> => readFully(fin, readBufs[c % 2]!, chunkBytes(c), c * plainChunk);

    let pendingRead = readChunk(0);
    for (let c = 0; c < numChunks; c++) {
      const want = chunkBytes(c);
      const got = await pendingRead;
      if (got !== want) throw changed(input, size);
      if (c + 1 < numChunks) pendingRead = readChunk(c + 1);
      checkAborted(signal, 'packing');

      const plain = readBufs[c % 2]!;
      const sealed = sealBufs[c % 2]!;
      const first = c * CHUNK_BLOCKS;
      const count = Math.min(CHUNK_BLOCKS, layout.numBlocks - first);
      for (let j = 0; j < count; j++) {
        const from = j * BLOCK_PLAIN_BYTES;
        const block = sealBlock(key, salt, first + j, plain.subarray(from, Math.min(from + BLOCK_PLAIN_BYTES, want)),
          sealed.subarray(j * BLOCK_BYTES, (j + 1) * BLOCK_BYTES));
        leaves.set(hashLeaf(block), (first + j) * HASH_BYTES);
      }
      await pendingWrite; // the write of chunk c-1 (the other buffer) ran while this one was sealed
      pendingWrite = fblocks.write(sealed, 0, count * BLOCK_BYTES, first * BLOCK_BYTES);
      onProgress?.(BigInt(c * plainChunk + want), size);
    }
    await pendingWrite;
    // A file that grew while it was read has a byte past the size measured at the start.
    if ((await readFully(fin, readBufs[0]!, 1, plainSize)) !== 0) throw changed(input, size);
    await fleaves.write(leaves, 0, leaves.length, 0);
    await Promise.all([fblocks.datasync(), fleaves.datasync()]);
    await Promise.all([fblocks.close(), fleaves.close()]);
    fblocks = fleaves = undefined;
  } catch (err) {
    await pendingWrite.catch(() => {});
    await Promise.all([fblocks?.close(), fleaves?.close()].map((p) => p?.catch(() => {})));
    await Promise.all([rm(blocksPath, { force: true }), rm(leavesPath, { force: true })]).catch(() => {});
    throw err;
  } finally {
    await fin.close().catch(() => {});
  }
  const pieceLayer = pieceLayerFromLeaves(leaves, layout);
  return { contentId: rootFromPieceLayer(pieceLayer, layout), layout, pieceLayer };
}

function changed(input: string, size: bigint): SwarmError {
  return new SwarmError('SWARM_INPUT_CHANGED', `${input} changed size while it was being packed`, {
    path: input,
    sizeAtStart: String(size),
  });
}
