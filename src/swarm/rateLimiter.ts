// A token bucket for upload bytes: `take` waits until the bytes fit under the rate. A rate of
// 0 means unlimited. The bucket holds at most one second's worth (so bursts stay short).
import { setTimeout as sleep } from 'node:timers/promises';

export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly bytesPerSec: number) {
    this.tokens = bytesPerSec;
  }

  get unlimited(): boolean {
    return this.bytesPerSec <= 0;
  }

  /** Resolves when `bytes` may be sent; callers are served in order. Rejects if the signal aborts. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.unlimited) return Promise.resolve();
    const turn = this.queue.then(() => this.wait(bytes, signal));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = performance.now();
      this.tokens = Math.min(this.bytesPerSec, this.tokens + ((now - this.last) / 1000) * this.bytesPerSec);
      this.last = now;
      // A take larger than the bucket goes through once the bucket is full (it then runs a debt).
      if (this.tokens >= Math.min(bytes, this.bytesPerSec)) {
        this.tokens -= bytes;
        return;
      }
      const need = Math.min(bytes, this.bytesPerSec) - this.tokens;
      await sleep(Math.max(1, Math.ceil((need / this.bytesPerSec) * 1000)), undefined, signal ? { signal } : undefined);
    }
  }
}
