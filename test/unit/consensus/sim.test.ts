import { checkScenario, randomScenario, reproduce, runSimulation } from './simulator.js';

const fast = { timeoutProposeMs: 300, timeoutProposeDeltaMs: 100, timeoutPrevoteMs: 100, timeoutPrevoteDeltaMs: 50, timeoutPrecommitMs: 100, timeoutPrecommitDeltaMs: 50, timeoutCommitMs: 50 };

describe('consensus simulator', () => {
  test('n = 1 commits every height', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = runSimulation({ seed, validators: 1, heights: 5, dropPercent: 0, minDelay: 1, maxDelay: 5, gstMs: 0, maxTimeMs: 60_000, options: fast });
      expect(r.conflicts).toEqual([]);
      expect(r.committedHeights).toEqual([5]);
    }
  });

  test('n = 4 with delays and drops: every height commits, no two blocks at one height', () => {
    const t0 = Date.now();
    let maxRound = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = runSimulation({ seed, validators: 4, heights: 3, dropPercent: 20, minDelay: 1, maxDelay: 150, gstMs: 3000, maxTimeMs: 120_000, options: fast });
      if (r.conflicts.length > 0 || r.committedHeights.some((h) => h < 3)) throw new Error(`seed ${seed}: ${JSON.stringify(r)}`);
      maxRound = Math.max(maxRound, r.maxRound);
    }
    expect(maxRound).toBeGreaterThan(0); // drops and delays did force extra rounds
    console.log(`n=4 x 200 seeds in ${Date.now() - t0} ms, max round ${maxRound}`);
  });

  test('n = 4 with one equivocating validator (f = 1): still safe and live, evidence found', () => {
    let evidence = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const r = runSimulation({ seed, validators: 4, heights: 3, dropPercent: 10, minDelay: 1, maxDelay: 150, gstMs: 2000, maxTimeMs: 120_000, options: fast, byzantine: seed % 4 });
      if (r.conflicts.length > 0 || r.committedHeights.filter((_, i) => i !== seed % 4).some((h) => h < 3)) throw new Error(`seed ${seed}: ${JSON.stringify(r)}`);
      evidence += r.evidence;
    }
    expect(evidence).toBeGreaterThan(0);
  });

  test('random scenarios: 4..10 weighted validators, byzantine < 1/3 (equivocate, silent, junk), partitions that heal, crash/restart from the WAL', () => {
    const t0 = Date.now();
    const seeds = Number(process.env.SIM_SEEDS ?? 150);
    let restarts = 0, evidence = 0, partitions = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const o = randomScenario(seed, { options: fast });
      const { failure, result } = checkScenario(o);
      if (failure) throw new Error(`${failure}\nreproduce: ${reproduce(o)}\nor: npx tsx scripts/sim.ts --seed ${seed}`);
      restarts += result.restarts; evidence += result.evidence; if (o.partition) partitions++;
    }
    expect(restarts).toBeGreaterThan(0);
    expect(evidence).toBeGreaterThan(0);
    expect(partitions).toBeGreaterThan(0);
    console.log(`random scenarios x ${seeds} in ${Date.now() - t0} ms: ${restarts} restarts, ${partitions} partitions, ${evidence} evidence`);
  });
});
