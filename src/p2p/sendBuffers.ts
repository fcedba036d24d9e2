// Large outgoing buffers that come back for reuse once noise has sealed every byte of them.
// A seeder fills one ~1 MiB buffer per batch of blocks; freshly allocated, that is as many bytes
// of ArrayBuffer churn as it uploads, and V8 answers such churn (its "external memory
// pressure") with a major GC per ~64 MB whenever the buffers do not die young: 14-27 major GCs
// per 256 MiB served instead of 2-5, +0.3 s of the seeder's CPU (bench:swarm, runsSeederMajorGcs).
// The only safe moment to reuse a buffer is when nothing will read it again: noise's encryption
// is the last reader of plaintext (noiseCrypto.ts reports each sealed part here). A buffer whose
// bytes are never all sealed (stream reset, data copied on its way) is simply never reused.
const POOLED_MAX = 8;
const PENDING_MAX = 32;
const ON_HEAP_MAX_BYTES = 64;

interface Pending {
  buf: Buffer;
  left: number;
}

export class SendBufferPool {
  private readonly free: Buffer[] = [];
  // Insertion-ordered: the oldest pending buffers are forgotten first (left to the GC).
  private readonly pending = new Map<ArrayBufferLike, Pending>();
  private allocated = 0;
  private reused = 0;

  /** A buffer of at least `bytes` (contents undefined): a pooled one if it is large enough. */
  take(bytes: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= bytes);
    if (i >= 0) {
      this.reused++;
      return this.free.splice(i, 1)[0]!;
    }
    this.allocated++;
    return Buffer.allocUnsafeSlow(bytes); // its own ArrayBuffer: the identity noise reports by
  }

  /** The first `bytes` of `buf` (from take()) are being sent: it returns once they are all sealed. */
  sending(buf: Buffer, bytes: number): void {
    if (bytes === 0 || this.pending.has(buf.buffer)) return;
    this.pending.set(buf.buffer, { buf, left: bytes });
    if (this.pending.size > PENDING_MAX) this.pending.delete(this.pending.keys().next().value!);
  }

  /** Nothing will read the bytes `part` views again (noise sealed them, or they were copied). */
  consumed(part: Uint8Array): void {
    // Arrays of up to 64 bytes may live inside V8's heap, where reading .buffer costs a malloc.
    // Those start at offset 0 (a view at an offset already has its ArrayBuffer); a pooled
    // buffer's first bytes passing alone and that small just leave it to the GC.
    if (this.pending.size === 0 || (part.byteOffset === 0 && part.byteLength <= ON_HEAP_MAX_BYTES)) return;
    const p = this.pending.get(part.buffer);
    if (!p) return;
    p.left -= part.byteLength;
    if (p.left > 0) return;
    this.pending.delete(part.buffer);
    if (p.left === 0 && this.free.length < POOLED_MAX) this.free.push(p.buf);
  }

  /** Buffers waiting to be reused, buffers sent but not yet consumed, and how take() was served. */
  stats(): { free: number; pending: number; allocated: number; reused: number } {
    return { free: this.free.length, pending: this.pending.size, allocated: this.allocated, reused: this.reused };
  }
}

/** The process's pool: the swarm's frame batches take from it, the node's noise reports to it. */
export const sendBuffers = new SendBufferPool();
