// SHA-256 of received blocks on a worker thread. Hashing every block is the largest single cost
// of a download's main thread (~10 us per 16 KiB block, ~170 ms per 256 MiB), and the main
// thread is what limits a download; here it only copies each block into a shared ring (~2 us)
// and the worker hashes it. Results come back in order, all those ready at once, through
// Atomics.waitAsync: no message per block. If the worker cannot start or dies, blocks are
// hashed on the main thread as before.
import { hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { BLOCK_BYTES } from './layout.js';

/** Blocks in the ring (a power of two): 4 MiB of shared memory, enough for a download's pipelines. */
const SLOTS = 256;
const MASK = SLOTS - 1;
const PUT = 0;
const HASHED = 1;

type Done = (digest: Uint8Array) => void;

// In Node 20 (V8 11.3); TypeScript declares it only from lib es2024 on.
const atomics = Atomics as typeof Atomics & {
  waitAsync(arr: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
};

export class BlockHasher {
  private readonly ring = new Uint8Array(new SharedArrayBuffer(SLOTS * BLOCK_BYTES));
  private readonly ctl = new Int32Array(new SharedArrayBuffer(8));
  private readonly digests = new Uint8Array(new SharedArrayBuffer(SLOTS * 32));
  private readonly callbacks: (Done | undefined)[] = new Array(SLOTS);
  /** Blocks waiting for a free slot (more than SLOTS arrived before the worker caught up). */
  private readonly overflow: { block: Uint8Array; done: Done }[] = [];
  private put = 0;
  private seen = 0;
  private armed = false;
  private worker?: Worker;
  private broken = false;

  /** `start`: where the counters begin (they wrap as int32; tests start them near the wrap). */
  constructor(start = 0) {
    this.put = this.seen = start | 0;
    this.ctl[PUT] = this.ctl[HASHED] = this.put;
    try {
      // The URL climbs out of and back into src/swarm so that it also resolves from a bundle
      // whose import.meta.url is another src/ folder's (bench/lib/swarmBuild.ts).
      this.worker = new Worker(new URL('../swarm/blockHashWorker.mjs', import.meta.url), {
        workerData: { ring: this.ring.buffer, ctl: this.ctl.buffer, digests: this.digests.buffer, slots: SLOTS, blockBytes: BLOCK_BYTES },
      });
      this.worker.unref(); // a node with nothing to hash must be free to exit
      this.worker.on('error', () => this.fallBack());
      this.worker.on('exit', () => this.fallBack());
    } catch {
      this.broken = true;
    }
  }

  /** Calls `done` with the block's SHA-256 (valid only during the call), in the order blocks were given. */
  hash(block: Uint8Array, done: Done): void {
    if (block.length !== BLOCK_BYTES) throw new RangeError(`a block is ${BLOCK_BYTES} bytes, got ${block.length}`);
    if (this.broken) return done(hash('sha256', block, 'buffer'));
    if (this.overflow.length > 0 || ((this.put - this.seen) | 0) >= SLOTS) {
      this.overflow.push({ block, done });
      return;
    }
    this.putBlock(block, done);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.fallBack();
    await w?.terminate();
  }

  private putBlock(block: Uint8Array, done: Done): void {
    const slot = this.put & MASK;
    this.ring.set(block, slot * BLOCK_BYTES);
    this.callbacks[slot] = done;
    this.put = (this.put + 1) | 0;
    Atomics.store(this.ctl, PUT, this.put);
    Atomics.notify(this.ctl, PUT);
    this.arm();
  }

  // One wait at a time for the worker to move past what we have seen.
  private arm(): void {
    if (this.armed || this.broken) return;
    this.armed = true;
    const w = atomics.waitAsync(this.ctl, HASHED, this.seen);
    if (w.async) void w.value.then(() => this.drain());
    else queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.armed = false;
    if (this.broken) return;
    const hashed = Atomics.load(this.ctl, HASHED);
    while (this.seen !== hashed) {
      const slot = this.seen & MASK;
      const done = this.callbacks[slot]!;
      this.callbacks[slot] = undefined;
      this.seen = (this.seen + 1) | 0;
      done(this.digests.subarray(slot * 32, slot * 32 + 32));
    }
    while (this.overflow.length > 0 && ((this.put - this.seen) | 0) < SLOTS) {
      const { block, done } = this.overflow.shift()!;
      this.putBlock(block, done);
    }
    if (this.put !== this.seen) this.arm();
  }

  // The worker is gone: what it had not handed back is hashed here, in order (its slots are
  // intact: a slot is reused only once seen), and so is everything after.
  private fallBack(): void {
    if (this.broken) return;
    this.broken = true;
    while (this.seen !== this.put) {
      const slot = this.seen & MASK;
      const done = this.callbacks[slot]!;
      this.callbacks[slot] = undefined;
      this.seen = (this.seen + 1) | 0;
      done(hash('sha256', this.ring.subarray(slot * BLOCK_BYTES, (slot + 1) * BLOCK_BYTES), 'buffer'));
    }
    for (const { block, done } of this.overflow.splice(0)) done(hash('sha256', block, 'buffer'));
  }
}
