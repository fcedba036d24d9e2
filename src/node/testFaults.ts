// Faults a test can switch on in a real node process (hidden `start --test.*` flags, never
// config.toml): here, a seeder that flips a bit in every block it serves, so the e2e tests can
// check that leechers catch and ban it while the file still completes from honest seeders.
import { ContentHandle } from '../storage/pieceStore/index.js';

export function corruptServedBlocks(): void {
  // The uploader reads the blocks it serves straight into its frame buffer (readBlocksInto);
  // readBlocks only feeds this node's own decryption, which stays honest.
  const readInto = ContentHandle.prototype.readBlocksInto;
  ContentHandle.prototype.readBlocksInto = async function (this: ContentHandle, first: number, count: number, into: readonly Uint8Array[]) {
    await readInto.call(this, first, count, into);
    flipMiddleBit(into);
  };
}

/** Flips a bit in the middle byte of the bytes `bufs` hold together. */
export function flipMiddleBit(bufs: readonly Uint8Array[]): void {
  let at = bufs.reduce((n, b) => n + b.length, 0) >> 1;
  for (const b of bufs) {
    if (at < b.length) {
      b[at]! ^= 0x01;
      return;
    }
    at -= b.length;
  }
}
