// How long a download spends choosing its pieces: every piece of a content taken rarest-first,
// one at a time, from a seeder holding all of them and from one holding every other piece, as
// the picker does (src/swarm/freshPieces.ts), beside the same choice made with one pass over
// every piece per pick (the picker before it, the baseline). Availability is uneven (1-3
// peers), so there are several levels.
// Run: npm run bench:picker  (prints one line, writes bench/results/picker.json)
import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { Bitfield } from '../src/swarm/bitfield.js';
import { FreshPieces } from '../src/swarm/freshPieces.js';

const SIZES_GIB = [1, 10];
const PIECE_BYTES = 256 * 1024;

// The baseline: the rarest fresh piece the peer holds, by two passes over all pieces.
function rarestByPass(fresh: Uint8Array, availability: Uint32Array, peerHas: Bitfield, prefer?: number): number | undefined {
  const eligible = (p: number) => fresh[p] === 1 && peerHas.has(p);
  let best = Infinity;
  let ties = 0;
  for (let p = 0; p < fresh.length; p++) {
    if (!eligible(p)) continue;
    if (availability[p]! < best) {
      best = availability[p]!;
      ties = 1;
    } else if (availability[p] === best) {
      ties++;
    }
  }
  if (ties === 0) return undefined;
  if (prefer !== undefined && prefer < fresh.length && eligible(prefer) && availability[prefer] === best) return prefer;
  let k = ties === 1 ? 0 : randomInt(ties);
  for (let p = 0; p < fresh.length; p++) if (eligible(p) && availability[p] === best && k-- === 0) return p;
  return undefined;
}

function peer(n: number, every: number): Bitfield {
  const b = new Bitfield(n);
  for (let p = 0; p < n; p += every) b.set(p);
  return b;
}

// Picks until the peer holds no fresh piece; returns ms and how many were picked.
function run(n: number, peerHas: Bitfield, useBuckets: boolean): { ms: number; picked: number } {
  const availability = Uint32Array.from({ length: n }, (_, p) => 1 + (p % 3));
  const buckets = new FreshPieces(availability, () => true);
  const fresh = new Uint8Array(n).fill(1);
  let prefer: number | undefined;
  let picked = 0;
  const t0 = performance.now();
  for (;;) {
    const p = useBuckets ? buckets.rarest(peerHas, prefer) : rarestByPass(fresh, availability, peerHas, prefer);
    if (p === undefined) break;
    if (useBuckets) buckets.remove(p);
    else fresh[p] = 0;
    prefer = p + 1;
    picked++;
  }
  return { ms: performance.now() - t0, picked };
}

const rows = [];
for (const gib of SIZES_GIB) {
  const n = (gib * 1024 ** 3) / PIECE_BYTES;
  for (const [name, every] of [['seeder', 1], ['half', 2]] as const) {
    const has = peer(n, every);
    const buckets = run(n, has, true);
    const pass = run(n, has, false);
    if (buckets.picked !== pass.picked) throw new Error(`picked ${buckets.picked} against ${pass.picked}`);
    rows.push({ gib, pieces: n, peer: name, picked: buckets.picked, bucketsMs: Math.round(buckets.ms), passMs: Math.round(pass.ms), ratio: Math.round(pass.ms / Math.max(buckets.ms, 0.01)) });
  }
}
fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
fs.writeFileSync(path.join('bench', 'results', 'picker.json'), JSON.stringify({ rows, node: process.version }, null, 2) + '\n');
console.log(
  'picker: every piece rarest-first; ' +
    rows.map((r) => `${r.gib} GiB (${r.pieces} pieces) from a ${r.peer}: ${r.bucketsMs} ms against ${r.passMs} ms by a pass per pick (${r.ratio}x)`).join('; '),
);
