// Cooperative tx admission. CheckTx work (decode, starting signature checks, the stateful
// check) runs in short time slices with a macrotask between them, so consensus frames,
// timers and RPC requests get the event loop while thousands of txs arrive at once.
// Txs are admitted strictly in arrival order, although their signatures verify in parallel.

/** The two halves of CheckTx as the queue runs them. */
export interface AdmissionSteps<I, P, R> {
  /** Synchronous part (decode, verify start) runs in a slice; the promise settles later. */
  prepare(input: I): Promise<P>;
  /** Runs in a slice, in arrival order, once this tx and every earlier one are prepared. */
  admit(prepared: P): R;
}

export interface AdmissionOptions {
  /** Longest run of work before yielding the event loop. */
  sliceMs: number;
  /** Monotonic clock in ms. Only paces the slices; never decides an outcome. */
  now?: () => number;
  /** Schedules the next slice after pending I/O and timers (default setImmediate). */
  defer?: (fn: () => void) => void;
}

interface Job<I, P, R> {
  input: I;
  prepared?: { ok: true; value: P } | { ok: false; error: unknown };
  resolve(r: R): void;
  reject(err: unknown): void;
}

export const DEFAULT_ADMISSION_SLICE_MS = 5;

export class AdmissionQueue<I, P, R> {
  private jobs: Job<I, P, R>[] = [];
  /** Jobs before this index are admitted; jobs from `started` on are not prepared yet. */
  private head = 0;
  private started = 0;
  private scheduled = false;
  private readonly now: () => number;
  private readonly defer: (fn: () => void) => void;

  constructor(
    private readonly steps: AdmissionSteps<I, P, R>,
    private readonly opts: AdmissionOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.defer = opts.defer ?? ((fn) => setImmediate(fn));
  }

  /** Txs waiting for their turn (prepared or not). */
  get pending(): number {
    return this.jobs.length - this.head;
  }

  /** Queues a tx; resolves with admit's result, or rejects with what prepare or admit threw. */
  submit(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.jobs.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => this.runSlice());
  }

  private runSlice(): void {
    this.scheduled = false;
    const deadline = this.now() + this.opts.sliceMs;
    let progressed = true;
    while (progressed && this.now() < deadline) {
      progressed = false;
      // Admit first: those txs are older than any not yet started.
      while (this.head < this.started && this.jobs[this.head].prepared) {
        this.admitHead();
        progressed = true;
        if (this.now() >= deadline) break;
      }
      if (this.started < this.jobs.length && this.now() < deadline) {
        this.startPrepare(this.jobs[this.started++]);
        progressed = true;
      }
    }
    this.compact();
    const headReady = this.head < this.started && this.jobs[this.head].prepared;
    if (headReady || this.started < this.jobs.length) this.schedule();
  }

  private startPrepare(job: Job<I, P, R>): void {
    let p: Promise<P>;
    try {
      p = this.steps.prepare(job.input);
    } catch (error) {
      p = Promise.reject(error);
    }
    p.then(
      (value) => this.prepared(job, { ok: true, value }),
      (error) => this.prepared(job, { ok: false, error }),
    );
  }

  private prepared(job: Job<I, P, R>, outcome: NonNullable<Job<I, P, R>['prepared']>): void {
    job.prepared = outcome;
    if (this.jobs[this.head] === job) this.schedule();
  }

  private admitHead(): void {
    const job = this.jobs[this.head++];
    const outcome = job.prepared!;
    if (!outcome.ok) {
      job.reject(outcome.error);
      return;
    }
    try {
      job.resolve(this.steps.admit(outcome.value));
    } catch (err) {
      job.reject(err);
    }
  }

  /** Drops admitted jobs from the front now and then (not on every admit: that would be O(n²)). */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.jobs.length) {
      this.jobs = this.jobs.slice(this.head);
      this.started -= this.head;
      this.head = 0;
    }
  }
}
