// A one-line progress bar on stderr for long node calls; silent when stderr is not a terminal
// or when the output is JSON, so scripts see only the result.
import type { ProgressLine } from './adminClient.js';

const WIDTH = 30;
const MIB = 1024 * 1024;

export function progressBar(enabled: boolean): { update(p: ProgressLine): void; done(): void } {
  const tty = enabled && process.stderr.isTTY;
  const started = Date.now();
  let phase = '';
  let drawn = false;
  return {
    update(p) {
      if (!tty) return;
      const done = Number(p.done ?? 0);
      const total = Math.max(1, Number(p.total ?? 1));
      if (p.phase !== phase) {
        if (drawn) process.stderr.write('\n');
        phase = String(p.phase);
      }
      const filled = Math.min(WIDTH, Math.round((done / total) * WIDTH));
      const rate = done / MIB / Math.max(0.001, (Date.now() - started) / 1000);
      const peers = p.peers !== undefined ? `  ${p.peers} peers` : '';
      process.stderr.write(`\r${phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${((done / total) * 100).toFixed(0).padStart(3)}%  ${(done / MIB).toFixed(1)}/${(total / MIB).toFixed(1)} MiB  ${rate.toFixed(1)} MiB/s${peers}   `);
      drawn = true;
    },
    done() {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}
