// Length-prefixed frames on a byte stream: a 4-byte big-endian length, then that many bytes.
// The decoder refuses a frame longer than its cap as soon as the length is read.
import { readU32, writeU32 } from '../util/bytes.js';
import { P2PError } from './errors.js';

export function frameHeader(length: number): Uint8Array {
  const head = new Uint8Array(4);
  writeU32(head, 0, length);
  return head;
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out.set(frameHeader(payload.length), 0);
  out.set(payload, 4);
  return out;
}

export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private need = -1; // body length of the frame being read; -1 while reading its header

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds bytes; returns every frame now complete. Throws P2P_FRAME_TOO_LARGE on an oversized length. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < 4) break;
        const head = this.take(4);
        const length = readU32(head, 0); // no DataView: a 4-byte array copied across chunks lives on V8's heap
        if (length > this.maxFrameBytes) {
          throw new P2PError('P2P_FRAME_TOO_LARGE', `frame of ${length} bytes exceeds the cap of ${this.maxFrameBytes}`, { length, cap: this.maxFrameBytes });
        }
        this.need = length;
      }
      if (this.buffered < this.need) break;
      frames.push(this.take(this.need));
      this.need = -1;
    }
    return frames;
  }

  /** Bytes held that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.buffered;
  }

  // Copies n bytes off the front (one copy per frame, so a 4 MiB frame in 64 KiB chunks is linear).
  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - filled);
      out.set(c.subarray(0, k), filled);
      filled += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}
