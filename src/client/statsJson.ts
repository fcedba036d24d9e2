// A card's counters as people and feed readers see them, the same in the CLI, /card/<id>.json
// and the feeds: snake_case, every count a decimal string (u64 may pass 2^53), reactions by kind.
import type { CardStats } from '../codec/seedcast/social.js';

export function statsJson(s: CardStats | undefined) {
  const n = (v: bigint | undefined) => (v ?? 0n).toString();
  const reactions = s?.reactions ?? [];
  return {
    reactions: Object.fromEntries(reactions.map((r) => [r.kind, r.count.toString()])) as Record<string, string>,
    reactions_total: reactions.reduce((sum, r) => sum + r.count, 0n).toString(),
    comments: n(s?.comments),
    views: n(s?.views),
    paid_views: n(s?.paidViews),
    tips: { denom: s?.tips?.denom || 'useed', amount: s?.tips?.amount || '0' },
    tippers: n(s?.tippers),
    licenses_sold: n(s?.licensesSold),
    score: n(s?.score),
    score_height: n(s?.scoreHeight),
  };
}

export type StatsJson = ReturnType<typeof statsJson>;
