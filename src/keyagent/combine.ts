// Combining custody shares into the content key, checked against the key check the creator
// committed on chain. Called each time a share arrives: it tries the subsets of t shares that
// include the newest one (the others were tried before), so one wrong share from a byzantine
// agent is stepped around as soon as t honest shares are in. A key that fails the check is
// zeroed and never returned.
import { keyCheck } from '../crypto/contentKeys.js';
import { combineShares } from '../crypto/shamir.js';

export interface ReceivedShare {
  agent: string;
  index: number;
  value: Uint8Array;
}

/** Subsets tried per call at most: C(n-1, t-1) stays far below this for real custody sets. */
export const MAX_SUBSETS_PER_SHARE = 4096;

export function combineCustodyShares(received: ReceivedShare[], threshold: number, expectedCheck: Uint8Array): { key: Uint8Array; agents: string[] } | undefined {
  if (received.length < threshold) return undefined;
  const newest = received[received.length - 1]!;
  const earlier = received.slice(0, -1);
  let tried = 0;
  for (const subset of subsets(earlier, threshold - 1)) {
    if (++tried > MAX_SUBSETS_PER_SHARE) return undefined;
    const pick = [...subset, newest];
    if (new Set(pick.map((s) => s.index)).size !== pick.length) continue; // two agents with one index
    let key: Uint8Array;
    try {
      key = combineShares(pick.map((s) => ({ index: s.index, value: s.value })), threshold);
    } catch {
      continue;
    }
    if (Buffer.from(keyCheck(key)).equals(Buffer.from(expectedCheck))) return { key, agents: pick.map((s) => s.agent) };
    key.fill(0);
  }
  return undefined;
}

/** Every k-element subset of items, in index order. */
function* subsets<T>(items: T[], k: number): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = 0; i <= items.length - k; i++) {
    for (const rest of subsets(items.slice(i + 1), k - 1)) yield [items[i]!, ...rest];
  }
}
