// bench:swarm — a random file (default 256 MiB) downloaded by one leecher from 1 and from 3
// seeders, every peer its own process on 127.0.0.1 (Seedcast: the real swarm engine and piece
// store over bare libp2p, no chain). In the same run, on the same payload file: the WebTorrent
// 2.8.5 baseline (shared harness), one raw libp2p stream between two processes (the transport
// bound), and the node:crypto AES-256-GCM + SHA-256 rate; then the ratios and every process's
// peak RSS (all under /usr/bin/time -v). Prints a table and one summary line; writes
// bench/results/swarm.json. Systems alternate round robin per repetition; medians are reported.
//   npx tsx bench/swarm.ts [--size 256MiB] [--reps 1] [--seeders 1,3] [--piece-blocks 16]
//                          [--no-webtorrent] [--quiet-max-cores 0.3] [--keep]
// SWARM_CPU_PROF=<dir> runs the Seedcast children under node --cpu-prof (profiles land there);
// SWARM_NODE_FLAGS='--trace-gc ...' adds node flags to them (with --keep, stdout is in logs/*.out).
import '../src/polyfills.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_V8_FLAGS } from '../src/cli/nodeFlags.js';
import { runRawLibp2p, type RawLibp2pResult } from './lib/rawLibp2p.js';
import { childEntry } from './lib/swarmBuild.js';
import { measureCryptoRate } from './lib/cryptoRate.js';
import { makePayload } from './lib/swarmPayload.js';
import { busyCpuSeconds } from './lib/swarmProc.js';
import { copyStore, packOnce, runSeedcast, type Packed, type SeedcastRun } from './lib/swarmRun.js';
import { ensureWebTorrent, runWebTorrent, WEBTORRENT_VERSION, type WebTorrentRun } from './lib/webtorrent.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256MiB' },
    reps: { type: 'string', default: '1' },
    seeders: { type: 'string', default: '1,3' },
    'piece-blocks': { type: 'string', default: '16' },
    'no-webtorrent': { type: 'boolean', default: false },
    'quiet-max-cores': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(s.trim());
  if (!m) throw new Error(`--size: expected e.g. 256MiB, 1GiB or a byte count, got '${s}'`);
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.round(Number(m[1]) * unit);
}

const SIZE = parseSize(values.size!);
const REPS = Number(values.reps);
const SEEDERS = values.seeders!.split(',').map(Number);
const PIECE_BLOCKS = Number(values['piece-blocks']);
const QUIET = values['quiet-max-cores'] !== undefined ? Number(values['quiet-max-cores']) : undefined;
const MiB = (kib: number): number => Math.round(kib / 1024);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;
const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Waits (at most 2 minutes) until other processes use fewer than QUIET cores over 2 s. */
async function waitQuiet(): Promise<void> {
  if (QUIET === undefined) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const a = busyCpuSeconds();
    await new Promise((r) => setTimeout(r, 2000));
    if ((busyCpuSeconds() - a) / 2 < QUIET || Date.now() > deadline) return;
  }
}

function cryptoRate(): { sealAndHashMBps: number; source: string } {
  return { ...measureCryptoRate(64 << 20), source: 'bench/lib/cryptoRate.ts' };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'seedcast-swarm-bench-'));
  const logs = join(work, 'logs');
  mkdirSync(logs);
  try {
    const payload = makePayload(work, SIZE);
    const crypto = await cryptoRate();

    const rawEntry = childEntry('bench/lib/rawLibp2p.ts');
    let peerEntry: string[] | undefined;
    let packed: Packed | undefined;
    const stores: string[] = [];
    let seedcastMissing: string | undefined;
    try {
      peerEntry = childEntry('bench/lib/swarmPeer.ts');
      stores.push(join(work, 'store-1'));
      packed = await packOnce(peerEntry, payload, stores[0]!, PIECE_BLOCKS, logs);
      for (let i = 2; i <= Math.max(...SEEDERS); i++) (copyStore(stores[0]!, join(work, `store-${i}`)), stores.push(join(work, `store-${i}`)));
    } catch (err) {
      seedcastMissing = err instanceof Error ? err.message.split('\n')[0] : String(err);
      console.error(`seedcast side skipped: ${seedcastMissing}`);
    }
    const wtDir = values['no-webtorrent'] ? undefined : ensureWebTorrent();
    // Our peers run with the node's own V8 flags, as `npm start` and `seedcast testnet` start it.
    const peerFlags = [...NODE_V8_FLAGS, ...(process.env.SWARM_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SWARM_CPU_PROF}`] : [])];
    if (process.env.SWARM_NODE_FLAGS) peerFlags.push(...process.env.SWARM_NODE_FLAGS.split(' '));

    const raw: RawLibp2pResult[] = [];
    const sc = new Map<number, SeedcastRun[]>(SEEDERS.map((n) => [n, []]));
    const wt = new Map<number, WebTorrentRun[]>(SEEDERS.map((n) => [n, []]));
    for (let rep = 1; rep <= REPS; rep++) {
      await waitQuiet();
      raw.push(await runRawLibp2p(rawEntry, SIZE, logs));
      console.error(`rep ${rep}: raw libp2p ${r1(raw.at(-1)!.MBpsWithDial)} MB/s from the dial (${r1(raw.at(-1)!.MBps)} from the first write)`);
      for (const n of SEEDERS) {
        if (peerEntry && packed) {
          await waitQuiet();
          sc.get(n)!.push(await runSeedcast(peerEntry, stores.slice(0, n), packed, logs, `sc-s${n}-r${rep}`, peerFlags));
          console.error(`rep ${rep}: seedcast ${n} seeder(s) ${r1(sc.get(n)!.at(-1)!.MBps)} MB/s`);
        }
        if (wtDir) {
          await waitQuiet();
          wt.get(n)!.push(await runWebTorrent(wtDir, n, rep, work, work));
          console.error(`rep ${rep}: webtorrent ${n} seeder(s) ${r1(wt.get(n)!.at(-1)!.MBps)} MB/s`);
        }
      }
    }
    report({ crypto, raw, sc, wt, packed, seedcastMissing, webtorrent: !!wtDir });
  } finally {
    if (values.keep) console.error(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

interface Measured {
  crypto: { sealAndHashMBps: number; source: string };
  raw: RawLibp2pResult[];
  sc: Map<number, SeedcastRun[]>;
  wt: Map<number, WebTorrentRun[]>;
  packed?: Packed;
  seedcastMissing?: string;
  webtorrent: boolean;
}

/** What only our children report: seeders' CPU and every run's major GC counts (the seeder's are bimodal). */
function seedcastExtras(runs: SeedcastRun[]) {
  return {
    seedersCpuS: r2(median(runs.map((r) => r.seederCpuS.reduce((a, b) => a + b, 0)))),
    runsLeecherMajorGcs: runs.map((r) => r.leecherMajorGcs),
    runsSeederMajorGcs: runs.map((r) => r.seederMajorGcs),
  };
}

function report(m: Measured): void {
  // Seedcast's span starts at download(), which dials: the ratio uses the raw span that starts
  // at the dial too; the raw rate from the first write (connection up) is reported beside it.
  const rawMBps = median(m.raw.map((r) => r.MBpsWithDial));
  const rawAfterDialMBps = median(m.raw.map((r) => r.MBps));
  const sys = (runs: (SeedcastRun | WebTorrentRun)[]) =>
    runs.length === 0 ? null : {
      MBps: r1(median(runs.map((r) => r.MBps))),
      runsMBps: runs.map((r) => r1(r.MBps)),
      leecherPeakRssMiB: MiB(Math.max(...runs.map((r) => r.leecherRssKiB))),
      seederPeakRssMiB: MiB(Math.max(...runs.flatMap((r) => r.seederRssKiB))),
      leecherCpuS: r2(median(runs.map((r) => r.leecherCpuS))),
      otherCores: r2(median(runs.map((r) => r.otherCores))),
    };
  const seedcast = Object.fromEntries(SEEDERS.map((n) => {
    const runs = m.sc.get(n)!;
    const s = sys(runs);
    return [`seeders_${n}`, s && { ...s, ...seedcastExtras(runs) }];
  }));
  const webtorrent = Object.fromEntries(SEEDERS.map((n) => [`seeders_${n}`, sys(m.wt.get(n)!)]));
  const ratios: Record<string, number | null> = {};
  for (const n of SEEDERS) {
    const s = seedcast[`seeders_${n}`];
    const w = webtorrent[`seeders_${n}`];
    ratios[`seedcast_vs_webtorrent_${n}`] = s && w ? r2(s.MBps / w.MBps) : null;
    ratios[`seedcast_${n}_vs_raw_libp2p`] = s ? r2(s.MBps / rawMBps) : null;
    ratios[`seedcast_${n}_vs_raw_libp2p_after_dial`] = s ? r2(s.MBps / rawAfterDialMBps) : null;
  }
  const rawRss = MiB(Math.max(...m.raw.flatMap((r) => [r.sender.maxRssKiB, r.receiver.maxRssKiB])));
  const scRss = Math.max(...Object.values(seedcast).flatMap((s) => (s ? [s.leecherPeakRssMiB, s.seederPeakRssMiB] : [])));
  const result = {
    bench: 'swarm',
    size_bytes: SIZE,
    piece_blocks: PIECE_BLOCKS,
    reps: REPS,
    mb: '1e6 bytes of plaintext per second (Seedcast moves 16384/16368 more as ciphertext)',
    crypto_seal_and_hash_MBps: r1(m.crypto.sealAndHashMBps),
    crypto_source: m.crypto.source,
    raw_libp2p: {
      MBps: r1(rawMBps),
      span: 'from the dial to the last byte acked (as Seedcast: from download(), which dials)',
      runsMBps: m.raw.map((r) => r1(r.MBpsWithDial)),
      afterDialMBps: r1(rawAfterDialMBps),
      afterDialRunsMBps: m.raw.map((r) => r1(r.MBps)),
      chunkBytes: m.raw[0]?.chunkBytes,
      peakRssMiB: rawRss,
      otherCores: r2(median(m.raw.map((r) => r.otherCores))),
    },
    seedcast: m.seedcastMissing ? { skipped: m.seedcastMissing } : { pack_ms: m.packed ? Math.round(m.packed.ms) : null, ...seedcast },
    webtorrent: m.webtorrent ? { version: WEBTORRENT_VERSION, ...webtorrent } : { skipped: '--no-webtorrent' },
    ratios,
    targets: {
      vs_webtorrent_min: 1.5,
      vs_raw_libp2p_min: 0.7,
      peak_rss_max_MiB: 300,
      met: m.seedcastMissing ? null : {
        vs_webtorrent: SEEDERS.every((n) => (ratios[`seedcast_vs_webtorrent_${n}`] ?? Infinity) >= 1.5),
        vs_raw_libp2p: (ratios[`seedcast_1_vs_raw_libp2p`] ?? ratios[`seedcast_${SEEDERS[0]}_vs_raw_libp2p`] ?? 0) >= 0.7,
        peak_rss: scRss < 300,
      },
    },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/swarm.json', JSON.stringify(result, null, 2) + '\n');

  const cell = (s: ReturnType<typeof sys> | undefined): string => (s ? `${s.MBps} MB/s (RSS L ${s.leecherPeakRssMiB} / S ${s.seederPeakRssMiB} MiB; others ${s.otherCores} cores)` : '–');
  console.log(`| ${SIZE / 2 ** 20} MiB, median of ${REPS} | Seedcast | WebTorrent ${WEBTORRENT_VERSION} | ratio |`);
  console.log('|---|---|---|---|');
  for (const n of SEEDERS) console.log(`| ${n} seeder(s) | ${cell(seedcast[`seeders_${n}`])} | ${cell(webtorrent[`seeders_${n}`])} | ${ratios[`seedcast_vs_webtorrent_${n}`] ?? '–'}x |`);
  console.log(`| raw libp2p stream (${(m.raw[0]?.chunkBytes ?? 0) / 1024} KiB writes) | ${r1(rawMBps)} MB/s from the dial, ${r1(rawAfterDialMBps)} from the first write (RSS ${rawRss} MiB; others ${result.raw_libp2p.otherCores} cores) | | Seedcast 1 seeder ${ratios[`seedcast_${SEEDERS[0]}_vs_raw_libp2p`] ?? '–'}x (${ratios[`seedcast_${SEEDERS[0]}_vs_raw_libp2p_after_dial`] ?? '–'}x) |`);
  console.log(`| node:crypto AES-256-GCM + SHA-256, 1 core | ${r1(m.crypto.sealAndHashMBps)} MB/s | | |`);
  const scLine = SEEDERS.map((n) => `${n}s ${seedcast[`seeders_${n}`]?.MBps ?? '–'}`).join(', ');
  const wtLine = SEEDERS.map((n) => `${n}s ${webtorrent[`seeders_${n}`]?.MBps ?? '–'}`).join(', ');
  console.log(
    `swarm: ${SIZE / 2 ** 20} MiB, seedcast ${m.seedcastMissing ? 'skipped' : scLine} MB/s; webtorrent ${m.webtorrent ? wtLine : 'skipped'} MB/s; ` +
      `ratios ${SEEDERS.map((n) => `${ratios[`seedcast_vs_webtorrent_${n}`] ?? '–'}x`).join(' / ')} vs webtorrent, ${ratios[`seedcast_${SEEDERS[0]}_vs_raw_libp2p`] ?? '–'}x raw libp2p (${r1(rawMBps)} MB/s); ` +
      `crypto ${r1(m.crypto.sealAndHashMBps)} MB/s; peak RSS seedcast ${Number.isFinite(scRss) ? scRss : '–'} MiB`,
  );
}

await main();
