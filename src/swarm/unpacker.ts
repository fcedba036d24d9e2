// Decrypting a content: the whole file to disk (temp name, then renamed into place), or one
// plaintext byte range as a stream (the HTTP Range player of the next issue). Blocks come from
// `readBlocks` (the piece store) ~1 MiB at a time, into fixed memory; the next read runs while
// the current chunk is opened.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES, BLOCK_PLAIN_BYTES, type ContentLayout } from './layout.js';
import { CHUNK_BLOCKS, checkAborted } from './packer.js';
import { openBlock } from './seal.js';

/** Returns blocks [first, first + count) as count*16384 bytes. */
export type ReadBlocks = (first: number, count: number) => Promise<Uint8Array>;

export interface DecryptToFileOptions {
  readBlocks: ReadBlocks;
  layout: ContentLayout;
  key: Uint8Array;
  salt: Uint8Array;
  output: string;
  onProgress?: (doneBytes: bigint, totalBytes: bigint) => void;
  signal?: AbortSignal;
}

export interface DecryptRangeOptions {
  readBlocks: ReadBlocks;
  layout: ContentLayout;
  key: Uint8Array;
  salt: Uint8Array;
  /** First plaintext byte. */
  start: bigint;
  /** One past the last plaintext byte. */
  end: bigint;
}

async function readChecked(readBlocks: ReadBlocks, first: number, count: number): Promise<Uint8Array> {
  const bytes = await readBlocks(first, count);
  if (!(bytes instanceof Uint8Array) || bytes.length !== count * BLOCK_BYTES) {
    throw new SwarmError('SWARM_BAD_BLOCK', `reading blocks ${first}..${first + count - 1} gave the wrong length`, {
      first,
      count,
      expectedBytes: count * BLOCK_BYTES,
      gotBytes: bytes instanceof Uint8Array ? bytes.length : null,
    });
  }
  return bytes;
}

/** Opens `count` sealed blocks starting at block `first` into `out` (count*16368 bytes). */
function openChunk(key: Uint8Array, salt: Uint8Array, first: number, count: number, sealed: Uint8Array, out: Uint8Array): void {
  for (let j = 0; j < count; j++) {
    openBlock(key, salt, first + j, sealed.subarray(j * BLOCK_BYTES, (j + 1) * BLOCK_BYTES),
      out.subarray(j * BLOCK_PLAIN_BYTES, (j + 1) * BLOCK_PLAIN_BYTES));
  }
}

/** Writes exactly plainSize bytes of plaintext to `output` (atomically: temp file, fsync, rename). */
export async function decryptToFile(opts: DecryptToFileOptions): Promise<void> {
  const { readBlocks, layout, key, salt, output, onProgress, signal } = opts;
  checkAborted(signal, 'decrypting');
  const temp = `${output}.${randomBytes(6).toString('hex')}.part`;
  const plainSize = Number(layout.plainSize); // <= 64 GiB: exact as a double
  const plainChunk = CHUNK_BLOCKS * BLOCK_PLAIN_BYTES;
  const numChunks = Math.ceil(layout.numBlocks / CHUNK_BLOCKS);
  const plainBufs = [new Uint8Array(plainChunk), new Uint8Array(plainChunk)];
  const chunkRead = (c: number): Promise<Uint8Array> => {
    const first = c * CHUNK_BLOCKS;
    return readChecked(readBlocks, first, Math.min(CHUNK_BLOCKS, layout.numBlocks - first));
  };
  let fh: FileHandle | undefined;
  let pendingWrite: Promise<unknown> = Promise.resolve();
  let pendingRead: Promise<Uint8Array> | undefined;
  try {
    fh = await open(temp, 'wx').catch((err: NodeJS.ErrnoException) => {
      throw new SwarmError('SWARM_OUTPUT', `cannot write ${output}: ${err.code ?? String(err)}`, { path: output });
    });
    pendingRead = chunkRead(0);
    for (let c = 0; c < numChunks; c++) {
      const sealed = await pendingRead!;
      pendingRead = c + 1 < numChunks ? chunkRead(c + 1) : undefined;
      checkAborted(signal, 'decrypting');
      const first = c * CHUNK_BLOCKS;
      const count = Math.min(CHUNK_BLOCKS, layout.numBlocks - first);
      const plain = plainBufs[c % 2]!;
      openChunk(key, salt, first, count, sealed, plain);
      const bytes = Math.max(0, Math.min(plainChunk, plainSize - c * plainChunk));
      await pendingWrite; // chunk c-1's write (the other buffer) ran while this one was opened
      pendingWrite = fh.write(plain, 0, bytes, c * plainChunk);
      onProgress?.(BigInt(c * plainChunk + bytes), layout.plainSize);
    }
    await pendingWrite;
    await fh.truncate(plainSize); // an empty content writes nothing; make the length exact regardless
    await fh.datasync();
    await fh.close();
    fh = undefined;
    await rename(temp, output);
  } catch (err) {
    await pendingRead?.catch(() => {});
    await pendingWrite.catch(() => {});
    await fh?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  }
}

/** Plaintext bytes [start, end), reading only the blocks that cover them, ~1 MiB per yield at most. */
export async function* decryptRange(opts: DecryptRangeOptions): AsyncIterable<Uint8Array> {
  const { readBlocks, layout, key, salt, start, end } = opts;
  if (typeof start !== 'bigint' || typeof end !== 'bigint' || start < 0n || start > end || end > layout.plainSize) {
    throw new SwarmError('SWARM_BAD_RANGE', `a byte range must satisfy 0 <= start <= end <= ${layout.plainSize}`, {
      start: String(start),
      end: String(end),
    });
  }
  if (start === end) return;
  const blockBytes = BigInt(BLOCK_PLAIN_BYTES);
  const firstBlock = Number(start / blockBytes);
  const lastBlock = Number((end - 1n) / blockBytes);
  const s = Number(start);
  const e = Number(end);
  for (let first = firstBlock; first <= lastBlock; first += CHUNK_BLOCKS) {
    const count = Math.min(CHUNK_BLOCKS, lastBlock + 1 - first);
    const sealed = await readChecked(readBlocks, first, count);
    const plain = new Uint8Array(count * BLOCK_PLAIN_BYTES); // fresh: the consumer may keep it
    openChunk(key, salt, first, count, sealed, plain);
    const chunkStart = first * BLOCK_PLAIN_BYTES;
    const from = Math.max(s, chunkStart) - chunkStart;
    const to = Math.min(e, chunkStart + count * BLOCK_PLAIN_BYTES) - chunkStart;
    yield plain.subarray(from, to);
  }
}
