// One Seedcast measurement for bench:swarm: N seeder processes (each serving its own copy of
// the packed store) and one leecher process with an empty store, all swarmPeer children under
// /usr/bin/time -v; the leecher times swarm.download() from the call to the complete handle.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { busyCpuSeconds, TimedChild, type TimeV } from './swarmProc.js';

export interface Packed {
  contentId: string;
  plainSize: string;
  pieceBlocks: number;
  ms: number;
}

export interface SeedcastRun {
  MBps: number;
  tDoneMs: number;
  leecherRssKiB: number;
  seederRssKiB: number[];
  leecherCpuS: number;
  seederCpuS: number[];
  /** Major (mark-compact) GCs over each process's life. */
  leecherMajorGcs: number;
  seederMajorGcs: number[];
  otherCores: number;
}

const cpuOf = (t: TimeV): number => t.userS + t.sysS;

/** Packs `payload` into `storeDir` in a child process (its time is not part of any download figure). */
export async function packOnce(entry: string[], payload: string, storeDir: string, pieceBlocks: number, dir: string): Promise<Packed> {
  const child = new TimedChild('seedcast-pack', [...entry, 'pack', payload, storeDir, String(pieceBlocks)], dir);
  const packed = (await child.waitFor('packed', 600_000)) as unknown as Packed;
  await child.exited;
  return packed;
}

/** Copies of the packed store for further seeders (same content id, no re-packing). */
export function copyStore(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

export async function runSeedcast(entry: string[], seederStores: string[], packed: Packed, dir: string, tag: string, nodeFlags: string[] = []): Promise<SeedcastRun> {
  const busy0 = busyCpuSeconds();
  const wall0 = performance.now();
  const seeders: TimedChild[] = [];
  const leechStore = mkdtempSync(join(dir, 'leecher-store-'));
  try {
    const addrs: string[] = [];
    for (const [i, store] of seederStores.entries()) {
      const s = new TimedChild(`${tag}-seed${i + 1}`, [...nodeFlags, ...entry, 'seed', store], dir);
      seeders.push(s);
      addrs.push(((await s.waitFor('seeding', 60_000)) as unknown as { addrs: string[] }).addrs[0]!);
    }
    const leecher = new TimedChild(`${tag}-leech`, [...nodeFlags, ...entry, 'leech', leechStore, packed.contentId, packed.plainSize, String(packed.pieceBlocks), addrs.join(',')], dir);
    const r = (await leecher.waitFor('result', 600_000)) as unknown as { tDone: number; downloadMBps: number; complete: boolean; majorGcs: number };
    if (!r.complete) throw new Error(`${tag}: download resolved with an incomplete handle`);
    const l = await leecher.exited;
    const s = await Promise.all(seeders.map((x) => x.stop()));
    const ours = cpuOf(l.time) + s.reduce((a, x) => a + cpuOf(x.time), 0);
    const wallS = (performance.now() - wall0) / 1000;
    return {
      MBps: r.downloadMBps,
      tDoneMs: r.tDone,
      leecherRssKiB: l.time.maxRssKiB,
      seederRssKiB: s.map((x) => x.time.maxRssKiB),
      leecherCpuS: cpuOf(l.time),
      seederCpuS: s.map((x) => cpuOf(x.time)),
      leecherMajorGcs: r.majorGcs,
      seederMajorGcs: seeders.map((x) => Number(x.event('exit')?.majorGcs ?? NaN)),
      otherCores: (busyCpuSeconds() - busy0 - ours) / wallS,
    };
  } finally {
    await Promise.all(seeders.map((x) => x.stop()));
    rmSync(leechStore, { recursive: true, force: true });
  }
}
