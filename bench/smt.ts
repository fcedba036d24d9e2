// Sparse Merkle tree benchmark: stage 10,000 changed keys over a tree of 100,000 keys.
// Run: npx tsx bench/smt.ts  (prints one line, writes bench/results/smt.json)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Db } from '../src/storage/db.js';
import { DEFAULT_NODE_CACHE, StateStore } from '../src/storage/state/index.js';

const TREE_KEYS = 100_000;
const CHANGED_KEYS = 10_000;
const ROUNDS = 5;

const enc = new TextEncoder();
const key = (i: number) => enc.encode(`bank/balances/seed1account${i}/useed`);
const value = (i: number, round: number) => enc.encode(`${1_000_000 + i * 7 + round}`);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-bench-smt-'));
  const db = await Db.open(dir);
  try {
    const store = await StateStore.load(db, { nodeCacheSize: Number(process.env.SMT_CACHE ?? DEFAULT_NODE_CACHE) });
    let t0 = performance.now();
    const genesis = db.batch();
    const staged0 = store.stage(1n, Array.from({ length: TREE_KEYS }, (_, i) => [key(i), value(i, 0)]), genesis);
    const buildMs = performance.now() - t0;
    await genesis.write();
    store.applyStaged(staged0);

    const stageMs: number[] = [];
    const writeMs: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      // 9,000 updates spread over the tree plus 1,000 new keys
      const changes: Array<[Uint8Array, Uint8Array]> = [];
      for (let j = 0; j < CHANGED_KEYS - 1000; j++) {
        const i = (j * 11 + r * 7919) % TREE_KEYS;
        changes.push([key(i), value(i, r)]);
      }
      for (let j = 0; j < 1000; j++) changes.push([key(TREE_KEYS + r * 1000 + j), value(j, r)]);
      const batch = db.batch();
      t0 = performance.now();
      const staged = store.stage(BigInt(r + 1), changes, batch);
      stageMs.push(performance.now() - t0);
      t0 = performance.now();
      await batch.write();
      writeMs.push(performance.now() - t0);
      store.applyStaged(staged);
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = {
      treeKeys: TREE_KEYS,
      changedKeys: CHANGED_KEYS,
      rounds: ROUNDS,
      buildTreeMs: Math.round(buildMs),
      stageMedianMs: Math.round(median(stageMs)),
      stageMaxMs: Math.round(Math.max(...stageMs)),
      batchWriteMedianMs: Math.round(median(writeMs)),
      targetStageMs: 500,
      node: process.version,
    };
    fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join('bench', 'results', 'smt.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `smt: stage ${CHANGED_KEYS} keys over ${TREE_KEYS}: median ${result.stageMedianMs} ms (max ${result.stageMaxMs}, target < 500); ` +
        `batch write ${result.batchWriteMedianMs} ms; initial build ${result.buildTreeMs} ms`,
    );
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
