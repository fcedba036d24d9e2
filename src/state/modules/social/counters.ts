// CardStats: the counters kept per card, updated by every counted action, and the entry points
// other modules call (content on a reply, license on a sale). Each counted action also moves
// the trending score and records the card's activity for the FEED helper's trending index.
import { fromBech32Address } from '../../../codec/address.js';
import { CardStats } from '../../../codec/seedcast/social.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { recordActivity } from './feedIndex.js';
import { paidViewedKey, PRESENT, statsKey } from './keys.js';
import { TIP_DENOM } from './msgs.js';
import { nextScore, SCORE_WEIGHTS } from './score.js';

/** Stats of a card nobody has touched yet. */
export function zeroStats(cardId: bigint): CardStats {
  return {
    cardId,
    reactions: [],
    comments: 0n,
    paidViews: 0n,
    views: 0n,
    tips: { denom: TIP_DENOM, amount: '0' },
    tippers: 0n,
    licensesSold: 0n,
    score: 0n,
    scoreHeight: 0n,
  };
}

function getStats(kv: ReadonlyKV, cardId: bigint): CardStats {
  const raw = kv.get(statsKey(cardId));
  if (!raw) return zeroStats(cardId);
  const s = CardStats.decode(raw);
  return { ...s, tips: s.tips ?? { denom: TIP_DENOM, amount: '0' } };
}

/** Adds `delta` to a kind's count; kinds stay in code-unit order and zero counts drop out. */
export function addReactionCount(stats: CardStats, kind: string, delta: bigint): void {
  const i = stats.reactions.findIndex((r) => r.kind === kind);
  if (i >= 0) {
    const count = stats.reactions[i]!.count + delta;
    if (count <= 0n) stats.reactions.splice(i, 1);
    else stats.reactions[i] = { kind, count };
    return;
  }
  if (delta <= 0n) return;
  stats.reactions.push({ kind, count: delta });
  stats.reactions.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/**
 * Loads a card's stats, lets `change` edit its counters, then (with a weight) moves the score
 * to `height` and records the activity; writes the stats back and returns them.
 */
export function updateStats(kv: KV, cardId: bigint, height: bigint, weight: bigint | null, change?: (s: CardStats) => void): CardStats {
  const stats = getStats(kv, cardId);
  change?.(stats);
  if (weight !== null) {
    stats.score = nextScore(stats.score, stats.scoreHeight, weight, height);
    stats.scoreHeight = height;
    recordActivity(kv, cardId, height);
  }
  kv.set(statsKey(cardId), CardStats.encode(stats));
  return stats;
}

const accountBytes = (account: string | Uint8Array): Uint8Array => (typeof account === 'string' ? fromBech32Address(account) : account);

export const socialCounters = {
  /** The card's counters (zeroed when nothing was counted yet). */
  getStats,

  /** A counted action of `weight` on the card at `height`: decays and raises the score, records activity. */
  touch(kv: KV, cardId: bigint, weight: bigint, height: bigint): CardStats {
    return updateStats(kv, cardId, height, weight);
  },

  /** A reply was published under `parentId` (content's createCard calls this). */
  countComment(kv: KV, parentId: bigint, height: bigint): CardStats {
    return updateStats(kv, parentId, height, SCORE_WEIGHTS.comment, (s) => {
      s.comments += 1n;
    });
  },

  /** A license of the card was sold (a primary sale: MsgBuyLicense). */
  countLicenseSold(kv: KV, cardId: bigint, height: bigint): CardStats {
    return updateStats(kv, cardId, height, SCORE_WEIGHTS.license, (s) => {
      s.licensesSold += 1n;
    });
  },

  /**
   * The account paid for the card's content (bought a license, later paid for pieces). Counted
   * once per account per card; returns whether this call counted it.
   */
  countPaidView(kv: KV, cardId: bigint, account: string | Uint8Array, height: bigint): boolean {
    const key = paidViewedKey(cardId, accountBytes(account));
    if (kv.get(key)) return false;
    kv.set(key, PRESENT);
    updateStats(kv, cardId, height, SCORE_WEIGHTS.paidView, (s) => {
      s.paidViews += 1n;
    });
    return true;
  },
};

export type SocialCounters = typeof socialCounters;
