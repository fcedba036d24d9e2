// State keys of the social module, all under prefix 0x03. Sub-prefixes 0x01-0x08 are the
// social records (this file); 0x40-0x44 are the FEED indexes (feedIndex.ts). Every query walks
// one prefix: reactions of a card, followers or followees of an account.
import { lengthPrefixed, prefixed } from '../../store/kv.js';
import { u64be } from '../../../storage/bytes.js';

export const SOCIAL_PREFIX = 0x03;
const PROFILE = Uint8Array.of(0x01);
const STATS = Uint8Array.of(0x02);
const REACTION = Uint8Array.of(0x03);
const FOLLOWING = Uint8Array.of(0x04);
const FOLLOWER = Uint8Array.of(0x05);
const VIEWED = Uint8Array.of(0x06);
const PAID_VIEWED = Uint8Array.of(0x07);
const TIPPED = Uint8Array.of(0x08);

/** The value of a marker key (its presence is the record). */
export const PRESENT = Uint8Array.of(1);
const SEPARATOR = Uint8Array.of(0);

export { u64be };

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export const profileKey = (address: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, PROFILE, address);
export const statsKey = (cardId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, STATS, u64be(cardId));

/**
 * Reactions of a card, by kind then reactor: the key suffix is kind || 0x00 || reactor. Kinds
 * are [a-z0-9_+:-] only (validated), so the 0x00 separator keeps key order = kind order.
 */
export const reactionsPrefix = (cardId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, REACTION, u64be(cardId));
export const reactionKey = (cardId: bigint, kind: string, reactor: Uint8Array): Uint8Array =>
  prefixed(SOCIAL_PREFIX, REACTION, u64be(cardId), utf8(kind), SEPARATOR, reactor);

/** Splits a reaction key suffix (after reactionsPrefix) into kind and reactor bytes. */
export function decodeReactionSuffix(suffix: Uint8Array): { kind: string; reactor: Uint8Array } {
  const sep = suffix.indexOf(0);
  if (sep < 1 || sep === suffix.length - 1) throw new Error(`reaction key suffix of ${suffix.length} bytes has no kind or no reactor`);
  return { kind: Buffer.from(suffix.subarray(0, sep)).toString('utf8'), reactor: suffix.slice(sep + 1) };
}

/** Follow edges both ways; the key suffix after either prefix is the other account's bytes. */
export const followingPrefix = (follower: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, FOLLOWING, lengthPrefixed(follower));
export const followingKey = (follower: Uint8Array, followee: Uint8Array): Uint8Array =>
  prefixed(SOCIAL_PREFIX, FOLLOWING, lengthPrefixed(follower), followee);
export const followersPrefix = (followee: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, FOLLOWER, lengthPrefixed(followee));
export const followerKey = (followee: Uint8Array, follower: Uint8Array): Uint8Array =>
  prefixed(SOCIAL_PREFIX, FOLLOWER, lengthPrefixed(followee), follower);

/** Once-per-account markers of a card: explicit view, paid view, tip. */
export const viewedKey = (cardId: bigint, viewer: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, VIEWED, u64be(cardId), viewer);
export const paidViewedKey = (cardId: bigint, viewer: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, PAID_VIEWED, u64be(cardId), viewer);
export const tippedKey = (cardId: bigint, tipper: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, TIPPED, u64be(cardId), tipper);
