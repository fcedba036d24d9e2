import { AdmissionQueue } from '../../../src/mempool/admission.js';

/** A clock the steps advance, so "time spent" is exact and the test is deterministic. */
function fakeClock() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

describe('AdmissionQueue', () => {
  it('admits in arrival order although preparations finish out of order', async () => {
    const resolvers: (() => void)[] = [];
    const admitted: number[] = [];
    const q = new AdmissionQueue<number, number, string>(
      {
        prepare: (n) => new Promise<number>((resolve) => resolvers.push(() => resolve(n))),
        admit: (n) => {
          admitted.push(n);
          return `ok ${n}`;
        },
      },
      { sliceMs: 5 },
    );
    const results = [0, 1, 2, 3, 4].map((n) => q.submit(n));
    await new Promise((r) => setImmediate(r));
    expect(resolvers).toHaveLength(5); // every preparation started before any finished
    for (const i of [4, 2, 3, 1]) resolvers[i]();
    await new Promise((r) => setImmediate(r));
    expect(admitted).toEqual([]); // tx 0 still verifying: nobody overtakes it
    resolvers[0]();
    expect(await Promise.all(results)).toEqual(['ok 0', 'ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(admitted).toEqual([0, 1, 2, 3, 4]);
    expect(q.pending).toBe(0);
  });

  it('yields the event loop between slices: a timer fires while a large backlog is checked', async () => {
    const clock = fakeClock();
    const admitted: number[] = [];
    let admittedWhenTimerFired = -1;
    const q = new AdmissionQueue<number, number, number>(
      {
        prepare: async (n) => {
          clock.spend(1); // 1 ms of decoding per tx
          return n;
        },
        admit: (n) => {
          clock.spend(1);
          admitted.push(n);
          return n;
        },
      },
      { sliceMs: 5, now: clock.now },
    );
    const all = Promise.all(Array.from({ length: 400 }, (_, i) => q.submit(i)));
    setTimeout(() => (admittedWhenTimerFired = admitted.length), 0);
    const out = await all;
    expect(out).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(admittedWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(admittedWhenTimerFired).toBeLessThan(400);
  });

  it('a failing prepare or admit rejects only that tx; the ones behind it still get their turn', async () => {
    const q = new AdmissionQueue<number, number, number>(
      {
        prepare: (n) => {
          if (n === 1) throw new Error('cannot decode 1'); // a synchronous throw
          if (n === 2) return Promise.reject(new Error('verify failed 2'));
          return Promise.resolve(n);
        },
        admit: (n) => {
          if (n === 3) throw new Error('admit failed 3');
          return n * 10;
        },
      },
      { sliceMs: 5 },
    );
    const settled = await Promise.allSettled([0, 1, 2, 3, 4].map((n) => q.submit(n)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      0,
      'cannot decode 1',
      'verify failed 2',
      'admit failed 3',
      40,
    ]);
  });

  it('keeps order and loses nothing over many slices and compactions', async () => {
    const clock = fakeClock();
    const admitted: number[] = [];
    const q = new AdmissionQueue<number, number, number>(
      {
        prepare: (n) => (n % 3 === 0 ? new Promise((r) => setTimeout(() => r(n), 1)) : Promise.resolve(n)),
        admit: (n) => {
          clock.spend(0.01);
          admitted.push(n);
          return n;
        },
      },
      { sliceMs: 1, now: clock.now },
    );
    const first = Array.from({ length: 3000 }, (_, i) => q.submit(i));
    await Promise.all(first.slice(0, 100));
    const later = Array.from({ length: 1000 }, (_, i) => q.submit(3000 + i));
    await Promise.all([...first, ...later]);
    expect(admitted).toEqual(Array.from({ length: 4000 }, (_, i) => i));
    expect(q.pending).toBe(0);
  });
});
