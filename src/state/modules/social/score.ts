// The trending score: an integer that halves every 1,000 blocks and grows by a weight on every
// counted action. Pure bigint arithmetic (deterministic: no floats, no clock).

export const SCORE_WEIGHTS = {
  reaction: 1n,
  comment: 3n,
  view: 1n,
  paidView: 5n,
  license: 10n,
} as const;

/** A tip weighs 1 per TIP_UNIT useed, at most TIP_WEIGHT_CAP per tip. */
export const TIP_UNIT = 100_000n;
export const TIP_WEIGHT_CAP = 50n;
/** The score halves once per HALF_LIFE_BLOCKS blocks. */
export const HALF_LIFE_BLOCKS = 1000n;

const MAX_U64 = 2n ** 64n - 1n;

/** decay(s, dh) = s >> floor(dh / 1000); a shift of 64 or more gives 0 (as does dh < 0: none). */
export function decay(score: bigint, blocks: bigint): bigint {
  if (blocks <= 0n) return score;
  const shift = blocks / HALF_LIFE_BLOCKS;
  return shift >= 64n ? 0n : score >> shift;
}

export function tipWeight(amount: bigint): bigint {
  const w = amount / TIP_UNIT;
  return w > TIP_WEIGHT_CAP ? TIP_WEIGHT_CAP : w;
}

/** The score after an action of `weight` at `height`, from a score last set at `scoreHeight`. */
export function nextScore(score: bigint, scoreHeight: bigint, weight: bigint, height: bigint): bigint {
  const s = decay(score, height - scoreHeight) + weight;
  return s > MAX_U64 ? MAX_U64 : s; // a u64 on the wire
}
