// Long consensus simulator run: `npx tsx scripts/sim.ts --seeds 10000 [--from 1] [--seed N]`.
// Each seed is a random scenario (4..10 validators, weighted power, byzantine < 1/3,
// partitions that heal, crash/restart); prints every failing seed with what reproduces it.
import '../src/polyfills.js';
import { checkScenario, randomScenario, reproduce } from '../test/unit/consensus/simulator.js';

const fast = { timeoutProposeMs: 300, timeoutProposeDeltaMs: 100, timeoutPrevoteMs: 100, timeoutPrevoteDeltaMs: 50, timeoutPrecommitMs: 100, timeoutPrecommitDeltaMs: 50, timeoutCommitMs: 50 };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) { console.error(`--${name} needs a non-negative integer`); process.exit(2); }
  return v;
}

const single = process.argv.includes('--seed') ? arg('seed', 1) : undefined;
const from = single ?? arg('from', 1);
const count = single !== undefined ? 1 : arg('seeds', 1000);
const t0 = Date.now();
let failures = 0, evidence = 0, restarts = 0, maxRound = 0, byzRuns = 0, partitions = 0;
for (let seed = from; seed < from + count; seed++) {
  const o = randomScenario(seed, { options: fast });
  const { failure, result } = checkScenario(o);
  evidence += result.evidence; restarts += result.restarts; maxRound = Math.max(maxRound, result.maxRound);
  if ((Array.isArray(o.byzantine) ? o.byzantine.length : 0) > 0) byzRuns++;
  if (o.partition) partitions++;
  if (failure) { failures++; console.log(`FAIL ${failure}\n  ${reproduce(o)}`); }
  if ((seed - from + 1) % 500 === 0) console.log(`... ${seed - from + 1} seeds, ${failures} failing, ${Math.round((Date.now() - t0) / 1000)} s`);
}
console.log(`sim: ${count} seeds from ${from}: ${failures} failing; ${byzRuns} with byzantine validators, ${partitions} with partitions, ${restarts} restarts, ${evidence} evidence, max round ${maxRound}, ${Date.now() - t0} ms`);
process.exit(failures > 0 ? 1 : 0);
