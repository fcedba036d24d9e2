// The set of complete pieces of one content, in BitTorrent order (piece 0 = high bit of byte 0).
// It is persisted in fixed chunks so a commit rewrites only the chunks it touched: a 64 GiB
// content with 1-block pieces has a 512 KiB bitfield, far too much to rewrite per commit.
import { Bitfield, spareBitsClear } from '../../swarm/bitfield.js';

/** Bytes per persisted chunk: 4,096 pieces. */
export const CHUNK_BYTES = 512;
export const CHUNK_PIECES = CHUNK_BYTES * 8;

export class PieceSet extends Bitfield {
  addAll(): void {
    for (let p = 0; p < this.size; p++) this.set(p);
  }

  get chunkCount(): number {
    return Math.ceil(this.bits.length / CHUNK_BYTES);
  }

  /** A copy of chunk `c` as stored. */
  chunk(c: number): Uint8Array {
    return this.bits.slice(c * CHUNK_BYTES, Math.min((c + 1) * CHUNK_BYTES, this.bits.length));
  }

  /** Chunk `c` as it would be with `pieces` added (they must all lie in that chunk). */
  chunkWith(c: number, pieces: Iterable<number>): Uint8Array {
    const out = this.chunk(c);
    for (const p of pieces) out[(p >> 3) - c * CHUNK_BYTES]! |= 0x80 >> (p & 7);
    return out;
  }

  /** Loads a stored chunk; false if it does not fit (wrong length, bits past the end). */
  loadChunk(c: number, bytes: Uint8Array): boolean {
    const start = c * CHUNK_BYTES;
    const expected = Math.min(CHUNK_BYTES, this.bits.length - start);
    if (c < 0 || c >= this.chunkCount || bytes.length !== expected) return false;
    if (start + bytes.length === this.bits.length && !spareBitsClear(this.size, bytes[bytes.length - 1]!)) return false;
    for (let i = 0; i < bytes.length; i++) {
      const before = this.bits[start + i]!;
      const after = before | bytes[i]!;
      this.ones += popcount8(after) - popcount8(before);
      this.bits[start + i] = after;
    }
    return true;
  }

  /** ceil(size/8) bytes, a copy. */
  toBytes(): Uint8Array {
    return this.bits.slice();
  }
}

function popcount8(b: number): number {
  b = b - ((b >> 1) & 0x55);
  b = (b & 0x33) + ((b >> 2) & 0x33);
  return (b + (b >> 4)) & 0x0f;
}
