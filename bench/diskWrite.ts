// bench:disk — what it costs the piece store to take a download's blocks: a 256 MiB content
// written piece by piece (4 pieces in flight, as a download keeps them) into a fresh store, with
// direct (O_DIRECT) block writes and, as the baseline in the same process, through the page
// cache. Every piece is made durable (fdatasync, index) as in a download. Reports the wall time
// and the CPU of the whole process (all threads: the writes run on libuv's pool), alternating
// the two modes round by round; prints one line, writes bench/results/diskWrite.json.
//   npx tsx bench/diskWrite.ts [--size 256MiB] [--rounds 3]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PieceStore } from '../src/storage/pieceStore/index.js';
import { BLOCK_BYTES, BLOCK_PLAIN_BYTES, contentLayout } from '../src/swarm/layout.js';
import { hashLeaf, HASH_BYTES, pieceLayerFromLeaves, rootFromPieceLayer } from '../src/swarm/merkle.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '256MiB' }, rounds: { type: 'string', default: '3' } } });
const MiB = Number(/^(\d+)MiB$/.exec(values.size)?.[1] ?? NaN);
if (!Number.isInteger(MiB) || MiB < 1) throw new Error(`--size: expected e.g. 256MiB, got '${values.size}'`);
const rounds = Number(values.rounds);
const PIECE_BLOCKS = 16;
const IN_FLIGHT = 4;

const numBlocks = (MiB * 2 ** 20) / BLOCK_BYTES;
const layout = contentLayout(BigInt(numBlocks) * BigInt(BLOCK_PLAIN_BYTES), PIECE_BLOCKS);
const blocks = randomBytes(numBlocks * BLOCK_BYTES);
const leaves = Buffer.alloc(numBlocks * HASH_BYTES);
for (let i = 0; i < numBlocks; i++) leaves.set(hashLeaf(blocks.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES)), i * HASH_BYTES);
const pieceLayer = pieceLayerFromLeaves(leaves, layout);
const meta = { contentId: rootFromPieceLayer(pieceLayer, layout), plainSize: layout.plainSize, pieceBlocks: PIECE_BLOCKS, pieceLayer };

interface Run {
  wallMs: number;
  cpuMs: number;
  directUsed: boolean;
}

async function writeContent(dir: string, directWrites: boolean): Promise<Run> {
  const store = await PieceStore.open(dir, { directWrites });
  const handle = await store.add(meta);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let p = next++; p < layout.numPieces; p = next++) {
        const first = p * PIECE_BLOCKS;
        const run = Array.from({ length: PIECE_BLOCKS }, (_, k) => blocks.subarray((first + k) * BLOCK_BYTES, (first + k + 1) * BLOCK_BYTES));
        await handle.writeBlocks(first, run, leaves.subarray(first * HASH_BYTES, (first + PIECE_BLOCKS) * HASH_BYTES));
      }
    }),
  );
  if (!handle.complete) throw new Error('the content did not complete');
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const directUsed = store.directWrites;
  await store.close();
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, directUsed };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'seedcast-bench-disk-'));
  const runs: Record<'direct' | 'pageCache', Run[]> = { direct: [], pageCache: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first; each round writes into a fresh store (fresh page-cache pages).
      const order = r % 2 === 0 ? (['direct', 'pageCache'] as const) : (['pageCache', 'direct'] as const);
      for (const mode of order) {
        const dir = join(root, `${mode}-${r}`);
        mkdirSync(dir);
        runs[mode].push(await writeContent(dir, mode === 'direct'));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const summary = (rs: Run[]) => ({ MBps: round1((MiB * 2 ** 20) / 1e6 / (median(rs.map((x) => x.wallMs)) / 1000)), cpuMs: Math.round(median(rs.map((x) => x.cpuMs))), runs: rs.map((x) => ({ wallMs: Math.round(x.wallMs), cpuMs: Math.round(x.cpuMs) })) });
  const direct = summary(runs.direct);
  const pageCache = summary(runs.pageCache);
  const directUsed = runs.direct.every((x) => x.directUsed);
  const result = {
    bench: 'diskWrite',
    size_MiB: MiB,
    rounds,
    piecesInFlight: IN_FLIGHT,
    directUsed,
    direct,
    pageCache,
    ratios: { cpu_pageCache_vs_direct: round1(pageCache.cpuMs / direct.cpuMs), speed_direct_vs_pageCache: round1(direct.MBps / pageCache.MBps) },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/diskWrite.json', JSON.stringify(result, null, 2) + '\n');
  console.log(
    `diskWrite: ${MiB} MiB into the piece store, median of ${rounds}: direct ${direct.MBps} MB/s, ${direct.cpuMs} ms CPU${directUsed ? '' : ' (O_DIRECT refused here: page cache used)'}; ` +
      `page cache ${pageCache.MBps} MB/s, ${pageCache.cpuMs} ms CPU; CPU ${result.ratios.cpu_pageCache_vs_direct}x less direct, ${result.ratios.speed_direct_vs_pageCache}x the speed`,
  );
}

await main();
