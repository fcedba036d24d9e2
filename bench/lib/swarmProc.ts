// Child processes of the swarm benchmark, each under `/usr/bin/time -v` (the method the
// WebTorrent harness uses, so peak RSS and CPU are measured the same way for both systems).
// A child speaks one JSON object per stdout line ({"event": ...}); stderr goes to a file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TimeV {
  maxRssKiB: number;
  userS: number;
  sysS: number;
  exit: number;
}

export function parseTimeV(text: string): TimeV {
  const num = (re: RegExp): number => Number(text.match(re)?.[1] ?? NaN);
  return {
    maxRssKiB: num(/Maximum resident set size \(kbytes\): (\d+)/),
    userS: num(/User time \(seconds\): ([\d.]+)/),
    sysS: num(/System time \(seconds\): ([\d.]+)/),
    exit: num(/Exit status: (\d+)/),
  };
}

export type ChildEvent = { event: string; [k: string]: unknown };

export class TimedChild {
  readonly exited: Promise<{ code: number | null; time: TimeV }>;
  private readonly events: ChildEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly proc: ChildProcess;
  private readonly timeFile: string;
  private done = false;

  /** Starts `node <nodeArgs...>` under /usr/bin/time -v; files go to `dir/<name>.{time,err}`. */
  constructor(readonly name: string, nodeArgs: string[], dir: string, env: NodeJS.ProcessEnv = {}) {
    this.timeFile = join(dir, `${name}.time`);
    this.proc = spawn('/usr/bin/time', ['-v', '-o', this.timeFile, process.execPath, ...nodeArgs], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stderr!.pipe(createWriteStream(join(dir, `${name}.err`)));
    this.proc.stdout!.pipe(createWriteStream(join(dir, `${name}.out`))); // with --keep: e.g. --trace-gc lines
    createInterface({ input: this.proc.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as ChildEvent);
      } catch {
        this.events.push({ event: 'text', line });
      }
      for (const w of this.waiters) w();
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('close', (code) => { // after stdout is drained
        this.done = true;
        const time = existsSync(this.timeFile) ? parseTimeV(readFileSync(this.timeFile, 'utf8')) : parseTimeV('');
        resolve({ code, time });
        for (const w of this.waiters) w();
      });
    });
  }

  /** The first event named `event`; rejects if the child exits first or after `timeoutMs`. */
  async waitFor(event: string, timeoutMs: number): Promise<ChildEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event);
      if (found) return found;
      const failed = this.events.find((e) => e.event === 'error');
      if (failed) throw new Error(`${this.name}: ${String(failed.message)} (see ${this.name}.err)`);
      if (this.done) throw new Error(`${this.name} exited before '${event}' (see ${this.name}.err)`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no '${event}' within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = (): void => (this.waiters.delete(wake), clearTimeout(t), resolve());
        const t = setTimeout(wake, 250);
        this.waiters.add(wake);
      });
    }
  }

  /** Asks the node process (pid from its first event) to exit, as run_one.sh does; kills it if it lingers. */
  async stop(graceMs = 5000): Promise<{ code: number | null; time: TimeV }> {
    if (this.done) return this.exited; // never signal a pid that may have been reused
    const pid = this.events.find((e) => typeof e.pid === 'number')?.pid as number | undefined;
    const signal = (sig: NodeJS.Signals): void => {
      try {
        if (pid !== undefined) process.kill(pid, sig);
        else this.proc.kill(sig);
      } catch {
        /* already gone */
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    const res = await this.exited;
    clearTimeout(timer);
    return res;
  }

  event(name: string): ChildEvent | undefined {
    return this.events.find((e) => e.event === name);
  }
}

/** Busy CPU ticks of the whole machine (user nice system irq softirq steal), to estimate others' load. */
export function busyCpuSeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / 100; // USER_HZ is 100 on Linux
}
