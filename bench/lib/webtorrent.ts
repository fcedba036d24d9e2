// The WebTorrent baseline of bench:swarm: the shared harness (/work/shared/bench/webtorrent,
// or $WEBTORRENT_HARNESS) installed once into ~/.cache/seedcast-bench/webtorrent-<version>
// by its setup.sh (npm registry only), then one run_one.sh per measurement: N seeder processes
// and one leecher, each under /usr/bin/time -v, full download over TCP on 127.0.0.1.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const WEBTORRENT_VERSION = '2.8.5';
const HARNESS = process.env.WEBTORRENT_HARNESS ?? '/work/shared/bench/webtorrent';

export interface WebTorrentRun {
  MBps: number;
  tDoneMs: number;
  leecherRssKiB: number;
  seederRssKiB: number[];
  leecherCpuS: number;
  otherCores: number;
}

function loads(dir: string): boolean {
  try {
    execFileSync(process.execPath, ['-e', "import('webtorrent').then(()=>process.exit(0),()=>process.exit(1))"], { cwd: dir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The harness folder with webtorrent installed; installs it on the first call only. */
export function ensureWebTorrent(): string {
  const dir = join(homedir(), '.cache', 'seedcast-bench', `webtorrent-${WEBTORRENT_VERSION}`);
  if (existsSync(join(dir, 'run_one.sh')) && loads(dir)) return dir;
  if (!existsSync(join(HARNESS, 'setup.sh'))) throw new Error(`WebTorrent harness not found at ${HARNESS} (set WEBTORRENT_HARNESS or pass --no-webtorrent)`);
  mkdirSync(dir, { recursive: true });
  console.error(`installing webtorrent ${WEBTORRENT_VERSION} into ${dir} (once)`);
  execFileSync(join(HARNESS, 'setup.sh'), [dir, WEBTORRENT_VERSION], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

/** One full download of `dataDir/payload.bin` from `seeders` WebTorrent seeders. */
export async function runWebTorrent(benchDir: string, seeders: number, rep: number, dataDir: string, workDir: string): Promise<WebTorrentRun> {
  const results = join(workDir, 'wt-results');
  mkdirSync(results, { recursive: true });
  const env = { ...process.env, DATA: dataDir, RESULTS: results, RUN: join(workDir, 'wt-run'), BASEPORT: String(46881 + ((rep * 7) % 40) * 10) };
  const code = await new Promise<number | null>((resolve) => {
    spawn(join(benchDir, 'run_one.sh'), [String(seeders), 'full', String(rep)], { env, stdio: ['ignore', 'ignore', 'inherit'] }).once('exit', resolve);
  });
  const lines = existsSync(join(results, 'results.jsonl')) ? readFileSync(join(results, 'results.jsonl'), 'utf8').trim().split('\n') : [];
  const last = lines.length ? JSON.parse(lines[lines.length - 1]!) : undefined;
  if (code !== 0 || !last || last.n !== seeders || last.rep !== String(rep) || last.leechRc !== 0 || last.leech.error) {
    throw new Error(`webtorrent ${seeders}-seeder run failed (exit ${code}): ${last?.leech?.error ?? 'no result'}; see ${results}`);
  }
  return {
    MBps: last.leech.downloadMBps,
    tDoneMs: last.leech.tDone,
    leecherRssKiB: last.leechTime.maxRssKiB,
    seederRssKiB: last.seeders.map((s: { time: { maxRssKiB: number } }) => s.time.maxRssKiB),
    leecherCpuS: last.leechTime.userS + last.leechTime.sysS,
    otherCores: last.otherCores,
  };
}
