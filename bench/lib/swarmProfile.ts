// Reads a V8 .cpuprofile (node --cpu-prof, e.g. SWARM_CPU_PROF=<dir> npx tsx bench/swarm.ts) and
// prints where the time went: self time by function and by file, top entries, with shares.
//   npx tsx bench/lib/swarmProfile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import { isEntry } from './swarmBuild.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  return url.replace(/^file:\/\//, '').replace(/^.*\/(src|bench)\//, '$1/') || '(native)';
}

export function selfTimes(profile: Profile): { byFunction: Map<string, number>; byFile: Map<string, number>; totalUs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    const file = shortUrl(f.url);
    const fn = `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    totalUs += us;
  });
  return { byFunction, byFile, totalUs };
}

if (isEntry('swarmProfile')) {
  const [path, topArg] = process.argv.slice(2);
  const { byFunction, byFile, totalUs } = selfTimes(JSON.parse(readFileSync(path!, 'utf8')) as Profile);
  const top = Number(topArg ?? 25);
  const show = (title: string, m: Map<string, number>): void => {
    console.log(`${title} (of ${(totalUs / 1e6).toFixed(2)} s sampled)`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  };
  show('self time by file/package', byFile);
  show('self time by function', byFunction);
}
