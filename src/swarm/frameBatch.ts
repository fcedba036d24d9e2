// One contiguous buffer of outgoing frames: messages are copied in, block frames get their
// headers written in place and their 16 KiB read straight into it by the store (no buffer per
// read, no concatenation), then the filled part leaves as one stream write. Its buffer comes
// from the send-buffer pool and goes back there once noise has sealed it (p2p/sendBuffers.ts).
import { sendBuffers } from '../p2p/sendBuffers.js';
import { BLOCK_BYTES } from './layout.js';
import { blockFrameHeaderLength, writeBlockFrameHeader } from './wire.js';

/** Most bytes a block frame takes (header with a 5-byte index varint, then the block). */
export const MAX_BLOCK_FRAME_BYTES = BLOCK_BYTES + 16;

export class FrameBatch {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(capacity: number) {
    this.buf = sendBuffers.take(capacity);
  }

  /** Bytes filled. */
  get bytes(): number {
    return this.pos;
  }

  get room(): number {
    return this.buf.length - this.pos;
  }

  /** Appends bytes that are already framed. The caller checks the room. */
  put(bytes: Uint8Array): void {
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Bytes the frames of blocks [first, first + count) take. */
  static blocksBytes(first: number, count: number): number {
    let n = 0;
    for (let i = first; i < first + count; i++) n += blockFrameHeaderLength(i) + BLOCK_BYTES;
    return n;
  }

  /**
   * Appends the frames of blocks [first, first + count) with their headers written; returns one
   * 16 KiB view per block, for the caller to fill. The caller checks the room.
   */
  reserveBlocks(first: number, count: number): Uint8Array[] {
    const views: Uint8Array[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const at = writeBlockFrameHeader(this.buf, this.pos, first + i);
      views[i] = this.buf.subarray(at, at + BLOCK_BYTES);
      this.pos = at + BLOCK_BYTES;
    }
    return views;
  }

  /** Forgets everything after byte `mark` (blocks whose read failed). */
  truncate(mark: number): void {
    if (mark < this.pos) this.pos = mark;
  }

  /** The filled bytes, to be sent (a view: the batch must not be written to afterwards). Its buffer returns to the pool once they are sealed. */
  filled(): Uint8Array {
    sendBuffers.sending(this.buf, this.pos);
    return this.buf.subarray(0, this.pos);
  }
}
