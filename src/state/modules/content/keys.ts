// State keys of the content module, all under prefix 0x06. Every query walks one index
// prefix, never the whole module: cards by id, by content id, by creator (newest first),
// and provider records by content id.
import { lengthPrefixed, prefixed } from '../../store/kv.js';
import { u64be } from '../../../storage/bytes.js';

export const CONTENT_PREFIX = 0x06;
const CARD = Uint8Array.of(0x01);
const CARD_BY_CONTENT = Uint8Array.of(0x02);
const CARD_BY_CREATOR = Uint8Array.of(0x03);
const PROVIDER = Uint8Array.of(0x04);
const NEXT_CARD_ID = Uint8Array.of(0x05);

const MAX_U64 = 2n ** 64n - 1n;

export { u64be };

export function readU64be(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) throw new Error(`expected an 8-byte id, got ${bytes.length} bytes`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}

export const cardKey = (id: bigint): Uint8Array => prefixed(CONTENT_PREFIX, CARD, u64be(id));
export const cardByContentKey = (contentId: Uint8Array): Uint8Array => prefixed(CONTENT_PREFIX, CARD_BY_CONTENT, contentId);
export const nextCardIdKey = (): Uint8Array => prefixed(CONTENT_PREFIX, NEXT_CARD_ID);

/** Ids are stored inverted under the creator so that key order is newest first. */
export const cardsByCreatorPrefix = (creator: Uint8Array): Uint8Array => prefixed(CONTENT_PREFIX, CARD_BY_CREATOR, lengthPrefixed(creator));
export const cardByCreatorKey = (creator: Uint8Array, id: bigint): Uint8Array =>
  prefixed(CONTENT_PREFIX, CARD_BY_CREATOR, lengthPrefixed(creator), u64be(MAX_U64 - id));

export const providersPrefix = (contentId: Uint8Array): Uint8Array => prefixed(CONTENT_PREFIX, PROVIDER, contentId);
export const providerKey = (contentId: Uint8Array, provider: Uint8Array): Uint8Array =>
  prefixed(CONTENT_PREFIX, PROVIDER, contentId, lengthPrefixed(provider));
