// Block sync: fetch the blocks peers committed and we miss, in order, a few in flight, and
// hand each to the driver, which verifies, executes and stores it like a decided block.
import type { BlockSource, Logger, SyncedBlock } from './interface.js';

/** Blocks fetched ahead of the one being applied. */
export const SYNC_PREFETCH = 4;
const MAX_FAILURES_IN_A_ROW = 8;
const RETRY_DELAY_MS = 200;

export interface BlockSyncDeps {
  /** The height the node needs next (last committed + 1). */
  nextHeight(): bigint;
  /** Verify and apply; rejects with SyncRejection when the block is bad (the peer is reported). */
  apply(sb: SyncedBlock): Promise<void>;
  /** The loop ended (caught up, stopped, or peers could not serve). */
  finished(applied: number): void;
  log: Logger;
}

/** A synced block failed verification: the sender is at fault. */
export class SyncRejection extends Error {
  constructor(message: string) { super(message); this.name = 'SyncRejection'; }
}

export class BlockSync {
  private active = false;
  private abort: AbortController | null = null;

  constructor(private readonly source: BlockSource, private readonly deps: BlockSyncDeps) {}

  get running(): boolean { return this.active; }

  /** Starts the loop unless it is running. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.abort = new AbortController();
    void this.loop(this.abort.signal);
  }

  stop(): void {
    this.abort?.abort();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const inflight = new Map<bigint, Promise<SyncedBlock>>();
    let applied = 0;
    let failures = 0;
    try {
      while (!signal.aborted) {
        const next = this.deps.nextHeight();
        const target = this.source.maxPeerHeight();
        if (target < next) break;
        for (const h of [...inflight.keys()]) if (h < next) inflight.delete(h);
        for (let h = next; h < next + BigInt(SYNC_PREFETCH) && h <= target; h++) {
          if (inflight.has(h)) continue;
          const p = this.source.fetchBlock(h, signal);
          p.catch(() => {}); // awaited later, or dropped when the loop ends
          inflight.set(h, p);
        }
        let sb: SyncedBlock;
        try {
          sb = await inflight.get(next)!;
        } catch (err) {
          inflight.delete(next);
          if (signal.aborted || ++failures >= MAX_FAILURES_IN_A_ROW) break;
          this.deps.log.debug('block sync fetch failed', { height: next, error: (err as Error).message });
          await sleep(RETRY_DELAY_MS);
          continue;
        }
        inflight.delete(next);
        try {
          await this.deps.apply(sb);
          applied++;
          failures = 0;
        } catch (err) {
          if (!(err instanceof SyncRejection)) break; // the node halted: nothing more to do
          this.deps.log.warn('synced block rejected', { height: next, from: sb.from, reason: err.message });
          this.source.reportInvalid(sb.from, err.message);
          for (const h of [...inflight.keys()]) inflight.delete(h); // refetch from others
          if (++failures >= MAX_FAILURES_IN_A_ROW) break;
        }
      }
    } finally {
      this.active = false;
      this.abort = null;
      this.deps.finished(applied);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
