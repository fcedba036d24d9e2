// Garbage collections of this process by kind, for the benchmark children's reports: runs of
// one build used to split on their count of major GCs (docs/bench-swarm.md).
import { constants, PerformanceObserver } from 'node:perf_hooks';

export interface GcCounts {
  majorGcs: number;
  minorGcs: number;
  gcMs: number;
}

/** Starts counting; the returned function reads the counts so far. */
export function countGcs(): () => GcCounts {
  const c: GcCounts = { majorGcs: 0, minorGcs: 0, gcMs: 0 };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) c.majorGcs++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) c.minorGcs++;
      c.gcMs += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return () => ({ ...c, gcMs: Math.round(c.gcMs) });
}
