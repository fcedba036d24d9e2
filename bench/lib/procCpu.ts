// CPU seconds (user + system, all threads) that processes have used so far, read from /proc. The
// CPU a node spends per committed tx is disturbed far less by other load on a shared machine than
// a wall-clock rate, so the benches print it beside tx/s.
import { readFileSync } from 'node:fs';

const USER_HZ = 100; // clock ticks per second of /proc/<pid>/stat on Linux

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** Starts a CPU meter over the processes; the function it returns gives CPU ms per unit since. */
export function cpuMeter(pids: number[]): (units: number) => number {
  const total = () => pids.reduce((s, pid) => s + cpuSeconds(pid), 0);
  const start = total();
  return (units) => Number((((total() - start) * 1000) / Math.max(1, units)).toFixed(2));
}
