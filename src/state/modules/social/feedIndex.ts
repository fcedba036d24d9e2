// Feed indexes of the social module (prefix 0x03, sub-prefixes 0x40-0x44, clear of the social
// records below them). Written when a card is published (tags, replies, thread roots) and when a
// card is touched by a counted action (activity, for trending). Every feed query walks one of
// these prefixes; none scans cards.
import type { Card } from '../../../codec/seedcast/content.js';
import { lengthPrefixed, prefixed, type KV, type ReadonlyKV } from '../../store/kv.js';
import { SOCIAL_PREFIX } from './keys.js';
import { readU64be, u64be } from '../../../storage/bytes.js';

export { readU64be, u64be };

const CARD_BY_TAG = Uint8Array.of(0x40);
const REPLY = Uint8Array.of(0x41);
const THREAD_ROOT = Uint8Array.of(0x42);
const ACTIVITY = Uint8Array.of(0x43);
const LAST_ACTIVITY = Uint8Array.of(0x44);

const MAX_U64 = 2n ** 64n - 1n;
const PRESENT = Uint8Array.of(1);

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** Ids are stored inverted under the tag so that key order is newest first. */
export const cardsByTagPrefix = (tag: string): Uint8Array => prefixed(SOCIAL_PREFIX, CARD_BY_TAG, lengthPrefixed(utf8(tag)));
const cardByTagKey = (tag: string, id: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, CARD_BY_TAG, lengthPrefixed(utf8(tag)), u64be(MAX_U64 - id));

/** Replies in id order: oldest first. */
export const repliesPrefix = (parentId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, REPLY, u64be(parentId));
const replyKey = (parentId: bigint, childId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, REPLY, u64be(parentId), u64be(childId));

const threadRootKey = (id: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, THREAD_ROOT, u64be(id));

/** Activity entries keyed (inverted height, card id): key order is most recent first. */
export const activityPrefix = (): Uint8Array => prefixed(SOCIAL_PREFIX, ACTIVITY);
export const activityStartKey = (height: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, ACTIVITY, u64be(MAX_U64 - height));
const activityKey = (height: bigint, cardId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, ACTIVITY, u64be(MAX_U64 - height), u64be(cardId));
const lastActivityKey = (cardId: bigint): Uint8Array => prefixed(SOCIAL_PREFIX, LAST_ACTIVITY, u64be(cardId));

/** Decodes a key under activityPrefix() (the suffix after the prefix) into height and card id. */
export function decodeActivitySuffix(suffix: Uint8Array): { height: bigint; cardId: bigint } {
  if (suffix.length !== 16) throw new Error(`activity key suffix must be 16 bytes, got ${suffix.length}`);
  return { height: MAX_U64 - readU64be(suffix, 0), cardId: readU64be(suffix, 8) };
}

/**
 * The root card of a card's reply chain: its own id for a top-level card. Only replies store an
 * entry (written at publish time from the parent's root), so this is one read.
 */
export function threadRoot(kv: ReadonlyKV, card: Pick<Card, 'id' | 'parentId'>): bigint {
  if (card.parentId === 0n) return card.id;
  const raw = kv.get(threadRootKey(card.id));
  return raw ? readU64be(raw) : card.parentId;
}

/**
 * Indexes a card that was just stored (content's createCard calls this): one entry per tag, a
 * reply entry under its parent and its thread root. Returns the thread root id.
 */
export function indexCard(kv: KV, card: Card): bigint {
  for (const tag of card.tags) kv.set(cardByTagKey(tag, card.id), u64be(card.id));
  if (card.parentId === 0n) return card.id;
  kv.set(replyKey(card.parentId, card.id), u64be(card.id));
  const parentRoot = kv.get(threadRootKey(card.parentId));
  const root = parentRoot ? readU64be(parentRoot) : card.parentId;
  kv.set(threadRootKey(card.id), u64be(root));
  return root;
}

/** The height of a card's last counted action, if any. */
export function lastActivity(kv: ReadonlyKV, cardId: bigint): bigint | undefined {
  const raw = kv.get(lastActivityKey(cardId));
  return raw ? readU64be(raw) : undefined;
}

/**
 * Records that a card was touched at `height` (socialCounters.touch calls this). A card keeps
 * one activity entry: its previous one is deleted, so trending walks each card at most once.
 */
export function recordActivity(kv: KV, cardId: bigint, height: bigint): void {
  const previous = lastActivity(kv, cardId);
  if (previous === height) return;
  if (previous !== undefined) kv.delete(activityKey(previous, cardId));
  kv.set(activityKey(height, cardId), PRESENT);
  kv.set(lastActivityKey(cardId), u64be(height));
}
