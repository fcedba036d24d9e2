// A closed loop for bench:keys: `concurrency` workers, each running one sample after another,
// until `samples` are done; latency per sample (ms) and samples per second over the whole run.
import { percentile } from './pump.js';

export interface LoadResult {
  samples: number;
  failures: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The first failure's message (none should happen). */
  firstFailure?: string;
}

export async function closedLoop(samples: number, concurrency: number, run: (i: number, worker: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < samples; i = next++) {
        const start = performance.now();
        try {
          await run(i, worker);
          latencies.push(performance.now() - start);
        } catch (err) {
          failures++;
          firstFailure ??= (err as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return {
    samples: latencies.length,
    failures,
    seconds: r2(seconds),
    perSec: Math.round(latencies.length / seconds),
    p50Ms: r2(percentile(latencies, 50)),
    p99Ms: r2(percentile(latencies, 99)),
    ...(firstFailure ? { firstFailure } : {}),
  };
}
