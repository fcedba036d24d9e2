// A worker_threads pool for secp256k1 verification, so signature checks use every core (as
// Lodestar does for BLS). Each batch is split across the workers; each slice travels as one
// transferred ArrayBuffer.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { packBatch } from './verifyBatch.mjs';

export interface VerifyItem {
  pubkey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export type VerifyPoolErrorCode = 'VERIFY_POOL_CLOSED' | 'VERIFY_POOL_WORKER_FAILED';

export class VerifyPoolError extends Error {
  constructor(
    readonly code: VerifyPoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VerifyPoolError';
  }
}

/** Below this many items a slice is not worth another worker's message round trip. */
const MIN_SLICE = 16;

interface Pending {
  resolve: (results: Uint8Array) => void;
  reject: (err: Error) => void;
  size: number;
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: { id: number; results?: Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.results) p.resolve(m.results);
      else p.reject(new VerifyPoolError('VERIFY_POOL_WORKER_FAILED', `verify worker rejected a batch: ${m.error}`));
    });
    worker.on('error', (err) => this.fail(new VerifyPoolError('VERIFY_POOL_WORKER_FAILED', `verify worker crashed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new VerifyPoolError('VERIFY_POOL_WORKER_FAILED', `verify worker exited with code ${code}`)));
  }

  /** Items waiting in this worker: used to send each slice to the least busy worker. */
  get load(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.size;
    return n;
  }

  run(items: readonly VerifyItem[]): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const buf = packBatch(items);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, size: items.length });
      this.worker.postMessage({ id, buf }, [buf]);
    });
  }

  fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

interface QueuedCall {
  items: readonly VerifyItem[];
  resolve: (results: boolean[]) => void;
  reject: (err: unknown) => void;
}

export class VerifyPool {
  private closed = false;
  /** Calls made in the current turn, sent together once it ends (see verify). */
  private queued: QueuedCall[] = [];

  private constructor(private readonly workers: PoolWorker[]) {}

  /** Starts `threads` workers (default: one per core, at least one). */
  static create(threads = Math.max(1, availableParallelism())): VerifyPool {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new RangeError(`verify pool needs 1..64 threads, got ${threads}`);
    }
    const url = new URL('./verifyWorker.mjs', import.meta.url);
    const workers = Array.from({ length: threads }, () => {
      const w = new Worker(url);
      w.unref(); // an idle pool must not keep the process alive
      return new PoolWorker(w);
    });
    return new VerifyPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Verifies every item (same contract as verifySecp256k1); results in input order.
   * CheckTx asks for one tx's signatures at a time, dozens of times in one turn of the event
   * loop: the calls of a turn leave as one batch (one message per worker, not one per tx, and
   * one answer back), flushed on a microtask once the current synchronous work is done.
   */
  async verify(items: readonly VerifyItem[]): Promise<boolean[]> {
    if (this.closed) throw new VerifyPoolError('VERIFY_POOL_CLOSED', 'verify pool is closed');
    if (items.length === 0) return [];
    return new Promise<boolean[]>((resolve, reject) => {
      if (this.queued.length === 0) queueMicrotask(() => this.flushQueued());
      this.queued.push({ items, resolve, reject });
    });
  }

  private flushQueued(): void {
    const calls = this.queued;
    this.queued = [];
    const all = calls.length === 1 ? calls[0]!.items : calls.flatMap((c) => c.items);
    this.verifyNow(all).then(
      (out) => {
        let off = 0;
        for (const c of calls) {
          c.resolve(out.slice(off, off + c.items.length));
          off += c.items.length;
        }
      },
      (err) => {
        for (const c of calls) c.reject(err);
      },
    );
  }

  private async verifyNow(items: readonly VerifyItem[]): Promise<boolean[]> {
    if (this.closed) throw new VerifyPoolError('VERIFY_POOL_CLOSED', 'verify pool is closed');
    const slices = Math.max(1, Math.min(this.workers.length, Math.floor(items.length / MIN_SLICE)));
    const per = Math.ceil(items.length / slices);
    const byLoad = [...this.workers].sort((a, b) => a.load - b.load);
    const parts: Promise<Uint8Array>[] = [];
    for (let s = 0; s < slices; s++) {
      parts.push(byLoad[s].run(items.slice(s * per, (s + 1) * per)));
    }
    const results = await Promise.all(parts);
    const out: boolean[] = new Array(items.length);
    let i = 0;
    for (const r of results) for (const b of r) out[i++] = b === 1;
    return out;
  }

  /** Stops the workers; pending and later calls fail with VERIFY_POOL_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new VerifyPoolError('VERIFY_POOL_CLOSED', 'verify pool is closed');
    for (const w of this.workers) w.fail(err);
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
