// Token buckets by key (peer id, license id): `take` answers at once, it never waits. The table
// is bounded: full buckets (idle keys) are dropped first, and when every bucket is in use a new
// key is refused rather than letting an attacker reset others' buckets by flooding keys.

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly maxKeys = 65_536,
  ) {}

  /** Takes one token for `key`; false when its bucket is empty (or the table is full). */
  take(key: string, nowMs: number = performance.now()): boolean {
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxKeys && !this.dropIdle(nowMs)) return false;
      b = { tokens: this.burst, at: nowMs };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSec);
      b.at = nowMs;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  // Drops every bucket that would be full by now; true when at least one went.
  private dropIdle(nowMs: number): boolean {
    const before = this.buckets.size;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * this.perSec >= this.burst) this.buckets.delete(key);
    }
    return this.buckets.size < before;
  }
}
