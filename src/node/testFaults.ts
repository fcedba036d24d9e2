// Faults a test can switch on in a real node process (hidden `start --test.*` flags, never
// config.toml): here, a seeder that flips a bit in every block it serves, so the e2e tests can
// check that leechers catch and ban it while the file still completes from honest seeders.
import { ContentHandle } from '../storage/pieceStore/index.js';

export function corruptServedBlocks(): void {
  const read = ContentHandle.prototype.readBlocks;
  ContentHandle.prototype.readBlocks = async function (this: ContentHandle, first: number, count: number) {
    const data = Buffer.from(await read.call(this, first, count));
    data[data.length >> 1]! ^= 0x01;
    return data;
  };
}
