// Pending txs between CheckTx and a block. Per-sender queues keep sequence order; across
// senders the higher gas price goes first, then arrival. Caps on count and bytes; when
// full, a better-paying tx evicts the worst-paying queue tail.
import { txHashHex } from '../crypto/hash.js';
import { hexOf } from '../util/bytesText.js';
import type { CheckTxOutcome, PreparedTx } from '../state/app.js';
import type { TxResult } from '../types/abci.js';
import { AdmissionQueue, DEFAULT_ADMISSION_SLICE_MS } from './admission.js';
import { MempoolError } from './errors.js';
import { BoundedSet } from '../util/boundedSet.js';

export interface MempoolOptions {
  size: number; // max txs
  maxTxBytes: number;
  maxTxsBytes: number;
  cacheSize: number;
  /** CheckTx work per event-loop turn before consensus and I/O get a turn (default 5 ms). */
  admissionSliceMs?: number;
}

/** The application side the mempool needs (the App implements it). */
export interface TxChecker {
  prepareTx(bytes: Uint8Array): Promise<PreparedTx>;
  /** apply=false checks without changing the check state. */
  checkPrepared(p: PreparedTx, mode: 'check', apply?: boolean): CheckTxOutcome;
  recheckTx(bytes: Uint8Array): CheckTxOutcome;
}

interface Entry {
  hash: string; // uppercase hex of sha256(tx)
  bytes: Uint8Array;
  sender: string;
  sequence: bigint;
  gasWanted: bigint;
  priority: bigint;
  arrival: number;
}

/** CometBFT's tx hash (SHA-256 of the TxRaw bytes) as uppercase hex, the pool's key. */
export const txHash: (bytes: Uint8Array) => string = txHashHex;

export class Mempool {
  private readonly byHash = new Map<string, Entry>();
  /** Sender -> its txs in sequence order. */
  private readonly bySender = new Map<string, Entry[]>();
  private readonly cache: BoundedSet;
  /** Txs of recent blocks: one still queued for admission when its block commits is dropped unchecked. */
  private readonly committed: BoundedSet;
  private bytes = 0;
  private arrivals = 0;
  /** Admission runs in arrival order and in time slices, although verification runs in parallel. */
  private readonly admission: AdmissionQueue<{ hash: string; bytes: Uint8Array }, { hash: string; prepared: PreparedTx }, TxResult>;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly opts: MempoolOptions,
    private readonly checker: TxChecker,
  ) {
    this.cache = new BoundedSet(opts.cacheSize);
    this.committed = new BoundedSet(opts.cacheSize);
    this.admission = new AdmissionQueue(
      {
        prepare: async ({ hash, bytes }) => {
          // Under load a block can carry a tx that gossip brought here before this node checked it.
          if (this.committed.has(hash)) throw new MempoolError('TX_IN_CACHE', 'tx already exists in cache (committed in a block)');
          return { hash, prepared: await this.checker.prepareTx(bytes) };
        },
        admit: ({ hash, prepared }) => this.admit(hash, prepared),
      },
      { sliceMs: opts.admissionSliceMs ?? DEFAULT_ADMISSION_SLICE_MS },
    );
  }

  get size(): number {
    return this.byHash.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Called when the pool goes from empty to non-empty (consensus waits on it without empty blocks). */
  onTxsAvailable(cb: () => void): void {
    this.listeners.push(cb);
  }

  /** CheckTx and, if it passes, admission. Resolves with the CheckTx result. */
  async add(bytes: Uint8Array): Promise<TxResult> {
    if (bytes.length > this.opts.maxTxBytes) {
      throw new MempoolError('TX_TOO_LARGE', `tx too large. Max size is ${this.opts.maxTxBytes}, but got ${bytes.length}`);
    }
    const hash = txHash(bytes);
    if (!this.cache.add(hash)) throw new MempoolError('TX_IN_CACHE', 'tx already exists in cache');
    try {
      return await this.admission.submit({ hash, bytes });
    } catch (err) {
      if (!this.committed.has(hash)) this.cache.remove(hash);
      throw err;
    }
  }

  private admit(hash: string, prepared: PreparedTx): TxResult {
    // When the pool is full, check without touching the check state first: a tx refused for
    // lack of room must not consume its sender's sequence (it could not be resent with a higher fee).
    const full = this.byHash.size + 1 > this.opts.size || this.bytes + prepared.bytes.length > this.opts.maxTxsBytes;
    let { result, ante } = this.checker.checkPrepared(prepared, 'check', !full);
    if (result.code !== 0 || !ante) {
      this.cache.remove(hash); // a failed tx may be resubmitted once fixed (CometBFT does the same)
      return result;
    }
    const entry: Entry = {
      hash,
      bytes: prepared.bytes,
      sender: hexOf(ante.signers[0]),
      sequence: ante.sequences[0],
      gasWanted: ante.gasWanted,
      priority: ante.priority,
      arrival: this.arrivals++,
    };
    this.makeRoom(entry);
    if (full) {
      ({ result, ante } = this.checker.checkPrepared(prepared, 'check', true));
      if (result.code !== 0 || !ante) {
        this.cache.remove(hash);
        return result;
      }
    }
    this.insert(entry);
    if (this.byHash.size === 1) for (const cb of this.listeners) cb();
    return result;
  }

  private makeRoom(entry: Entry): void {
    while (this.byHash.size + 1 > this.opts.size || this.bytes + entry.bytes.length > this.opts.maxTxsBytes) {
      const victim = this.worstTail();
      if (!victim || victim.priority >= entry.priority || victim.sender === entry.sender) {
        this.cache.remove(entry.hash);
        throw new MempoolError(
          'MEMPOOL_FULL',
          `mempool is full: number of txs ${this.byHash.size} (max: ${this.opts.size}), total txs bytes ${this.bytes} (max: ${this.opts.maxTxsBytes})`,
        );
      }
      this.remove(victim, true);
    }
  }

  /** The lowest-paying last tx of any sender (removing a tail never leaves a sequence gap). */
  private worstTail(): Entry | undefined {
    let worst: Entry | undefined;
    for (const queue of this.bySender.values()) {
      const tail = queue[queue.length - 1];
      if (!worst || tail.priority < worst.priority || (tail.priority === worst.priority && tail.arrival > worst.arrival)) worst = tail;
    }
    return worst;
  }

  private insert(e: Entry): void {
    this.byHash.set(e.hash, e);
    const queue = this.bySender.get(e.sender) ?? [];
    queue.push(e); // CheckTx passed, so its sequence follows the queue's last one
    this.bySender.set(e.sender, queue);
    this.bytes += e.bytes.length;
  }

  private remove(e: Entry, forgetHash: boolean): void {
    this.byHash.delete(e.hash);
    const queue = this.bySender.get(e.sender);
    if (queue) {
      const i = queue.indexOf(e);
      if (i >= 0) queue.splice(i, 1);
      if (queue.length === 0) this.bySender.delete(e.sender);
    }
    this.bytes -= e.bytes.length;
    if (forgetHash) this.cache.remove(e.hash);
  }

  /** Txs for a proposal: best price first, each sender in sequence order, within the limits. */
  reap(maxBytes: number, maxGas: bigint): Uint8Array[] {
    const heads = [...this.bySender.values()].map((q) => ({ queue: q, next: 0 }));
    const out: Uint8Array[] = [];
    let bytes = 0;
    let gas = 0n;
    const better = (a: Entry, b: Entry) => a.priority > b.priority || (a.priority === b.priority && a.arrival < b.arrival);
    const heap = new Heap(heads, (a, b) => better(a.queue[a.next], b.queue[b.next]));
    while (heap.size > 0) {
      const h = heap.pop()!;
      const e = h.queue[h.next];
      if (bytes + e.bytes.length > maxBytes || (maxGas >= 0n && gas + e.gasWanted > maxGas)) continue; // skip this sender
      out.push(e.bytes);
      bytes += e.bytes.length;
      gas += e.gasWanted;
      if (++h.next < h.queue.length) heap.push(h);
    }
    return out;
  }

  /**
   * After a block: drops the committed txs, then rechecks the rest against the new state,
   * sender by sender in sequence order; a failing tx takes its sender's later txs with it.
   */
  update(committed: Uint8Array[]): void {
    for (const bytes of committed) {
      const hash = txHash(bytes);
      this.cache.add(hash); // replays of committed bytes stay refused
      this.committed.add(hash);
      const e = this.byHash.get(hash);
      if (e) this.remove(e, false);
    }
    for (const queue of [...this.bySender.values()]) {
      for (const e of [...queue]) {
        const { result } = this.checker.recheckTx(e.bytes);
        if (result.code !== 0) {
          for (const later of queue.slice(queue.indexOf(e))) this.remove(later, true);
          break;
        }
      }
    }
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex.toUpperCase());
  }

  list(limit: number): Uint8Array[] {
    return [...this.byHash.values()].sort((a, b) => a.arrival - b.arrival).slice(0, limit).map((e) => e.bytes);
  }
}

/** A small binary heap; `first(a, b)` says a comes out before b. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(init: T[], private readonly first: (a: T, b: T) => boolean) {
    for (const x of init) this.push(x);
  }

  get size(): number {
    return this.items.length;
  }

  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.first(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.first(a[l], a[m])) m = l;
        if (r < a.length && this.first(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
