// bench:feed's subscriptions: a mix of what light clients follow (a creator, a tag, a home feed
// as an IN list of 50 followed accounts, a thread), and how many deliveries a set of events
// owes them (every query evaluated against every event: the reference the node must meet).
import { parseQuery } from '../../src/rpc/query.js';
import { matchQuery } from '../../src/rpc/queryMatch.js';
import type { FlatEvents } from '../../src/types/query.js';

export const TAGS = ['film', 'music', 'art', 'news', 'cats', 'code', 'food', 'travel', 'sport', 'books'];

/** A deterministic generator, so both phases subscribe the same mix and send the same stream. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** An address-shaped string nobody owns (home feeds follow many accounts that stay silent). */
function silentAccount(i: number): string {
  return `seed1silent${i.toString(36).padStart(32, 'q')}`;
}

/** Subscriber i's query: 30% a creator, 25% a tag, 30% a home feed (IN of 50), 15% a thread. */
export function queryMix(count: number, creators: string[], threads: bigint[], seed = 7): string[] {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const slot = i % 20;
    if (slot < 6) return `tm.event='Tx' AND card.creator='${pick(creators)}'`;
    if (slot < 11) return `tm.event='Tx' AND card.tag='${pick(TAGS)}'`;
    if (slot < 17) {
      const follows = new Set<string>();
      while (follows.size < 5) follows.add(pick(creators));
      for (let k = 0; follows.size < 50; k++) follows.add(silentAccount(Math.floor(rnd() * 100_000)));
      return `tm.event='Tx' AND card.creator IN (${[...follows].map((a) => `'${a}'`).join(', ')})`;
    }
    return `tm.event='Tx' AND card.thread='${pick(threads)}'`;
  });
}

/** Deliveries owed: for each event, the subscribers whose query matches it. */
export function expectedDeliveries(queries: string[], events: FlatEvents[]): number {
  const parsed = queries.map((q) => parseQuery(q, { extensions: true }));
  let n = 0;
  for (const ev of events) for (const q of parsed) if (matchQuery(q, ev)) n++;
  return n;
}

/** Percentile of a 1 ms histogram (counts by latency in ms). */
export function histogramPercentile(hist: number[], p: number): number {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let ms = 0; ms < hist.length; ms++) {
    seen += hist[ms] ?? 0;
    if (seen >= rank) return ms;
  }
  return hist.length - 1;
}

export function mergeHistograms(hs: number[][]): number[] {
  const out: number[] = [];
  for (const h of hs) h.forEach((n, ms) => (out[ms] = (out[ms] ?? 0) + n));
  return Array.from(out, (n) => n ?? 0);
}
