// Cards and provider records. Cards are written once (sequential ids) with two index entries;
// a provider record per (content, provider account) is replaced by each announcement.
import { Card, Provider } from '../../../codec/seedcast/content.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { cardByContentKey, cardByCreatorKey, cardKey, nextCardIdKey, providerKey, readU64be, u64be } from './keys.js';

export const contentKeeper = {
  getCard(kv: ReadonlyKV, id: bigint): Card | undefined {
    const raw = kv.get(cardKey(id));
    return raw ? Card.decode(raw) : undefined;
  },

  cardIdByContent(kv: ReadonlyKV, contentId: Uint8Array): bigint | undefined {
    const raw = kv.get(cardByContentKey(contentId));
    return raw ? readU64be(raw) : undefined;
  },

  getCardByContent(kv: ReadonlyKV, contentId: Uint8Array): Card | undefined {
    const id = contentKeeper.cardIdByContent(kv, contentId);
    return id === undefined ? undefined : contentKeeper.getCard(kv, id);
  },

  /** The id the next card gets (ids start at 1 and are never reused). */
  nextCardId(kv: ReadonlyKV): bigint {
    const raw = kv.get(nextCardIdKey());
    return raw ? readU64be(raw) : 1n;
  },

  /** Stores a new card (its id must be nextCardId) and its indexes. */
  addCard(kv: KV, creator: Uint8Array, card: Card): void {
    kv.set(cardKey(card.id), Card.encode(card));
    if (card.contentId.length > 0) kv.set(cardByContentKey(card.contentId), u64be(card.id));
    kv.set(cardByCreatorKey(creator, card.id), u64be(card.id));
    kv.set(nextCardIdKey(), u64be(card.id + 1n));
  },

  getProvider(kv: ReadonlyKV, contentId: Uint8Array, provider: Uint8Array): Provider | undefined {
    const raw = kv.get(providerKey(contentId, provider));
    return raw ? Provider.decode(raw) : undefined;
  },

  setProvider(kv: KV, contentId: Uint8Array, provider: Uint8Array, record: Provider): void {
    kv.set(providerKey(contentId, provider), Provider.encode(record));
  },

  deleteProvider(kv: KV, contentId: Uint8Array, provider: Uint8Array): void {
    kv.delete(providerKey(contentId, provider));
  },
};

export type ContentKeeper = typeof contentKeeper;
