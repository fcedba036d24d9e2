// Codecs of proto/seedcast/content/v1/*.proto (and the seedcast.base.v1 Coin and pagination
// they use). 64-bit integers are bigint both ways, as in cosmjs-types: protoCodec alone gives
// decimal strings out and accepts neither strings nor bigints in (protobufjs's verify wants a
// number or a Long), so these codecs convert at the edge.
import protobuf from 'protobufjs';
import { ProtoError } from '../errors.js';
import { protoCodec, protoType, type ProtoCodec } from '../proto.js';

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const LongCtor = protobuf.util.Long as unknown as { fromString(s: string, unsigned: boolean): unknown };

type Convert = (value: unknown, unsigned: boolean, where: string) => unknown;

/** Copies `obj`, replacing every 64-bit integer field (nested and repeated too) through `convert`. */
function mapLongs(type: protobuf.Type, obj: unknown, convert: Convert, depth = 0): unknown {
  if (typeof obj !== 'object' || obj === null || depth > 16) return obj;
  const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  for (const field of type.fieldsArray) {
    const value = out[field.name];
    if (value === undefined || value === null) continue;
    const inner = field.resolve().resolvedType;
    const one = (v: unknown): unknown =>
      inner instanceof protobuf.Type
        ? mapLongs(inner, v, convert, depth + 1)
        : LONG_TYPES.has(field.type)
          ? convert(v, field.type === 'uint64' || field.type === 'fixed64', `${type.name}.${field.name}`)
          : v;
    out[field.name] = field.repeated && Array.isArray(value) ? value.map(one) : one(value);
  }
  return out;
}

const toLong: Convert = (v, unsigned, where) => {
  if (typeof v === 'bigint' || (typeof v === 'string' && /^-?\d{1,20}$/.test(v))) {
    const n = BigInt(v);
    const [min, max] = unsigned ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
    if (n < min || n > max) throw new ProtoError('PROTO_INVALID_MESSAGE', `${where}: ${n} is out of range for a 64-bit integer`);
    return LongCtor.fromString(n.toString(), unsigned);
  }
  return v; // numbers and Longs pass; anything else is left for verify to name
};

const toBigint: Convert = (v) => (typeof v === 'string' ? BigInt(v) : v);

/** protoCodec with bigint 64-bit fields. */
export function bigintCodec<T extends object>(fullName: string): ProtoCodec<T> {
  const base = protoCodec<T>(fullName);
  const type = protoType(fullName);
  const longsIn = (msg: unknown) => mapLongs(type, msg, toLong) as T;
  const longsOut = (msg: unknown) => mapLongs(type, msg, toBigint) as T;
  return {
    typeUrl: base.typeUrl,
    fullName: base.fullName,
    encode: (msg) => base.encode(longsIn(msg)),
    decode: (bytes) => longsOut(base.decode(bytes)),
    fromPartial: (obj) => longsOut(base.fromPartial(longsIn(obj))),
  };
}

export interface Coin {
  denom: string;
  /** A non-negative integer as a decimal string. */
  amount: string;
}

export interface PageRequest {
  key: Uint8Array;
  offset: bigint;
  limit: bigint;
  countTotal: boolean;
  reverse: boolean;
}

export interface PageResponse {
  nextKey: Uint8Array;
  total: bigint;
}

export interface InlinePreview {
  mimeType: string;
  data: Uint8Array;
}

/** One of the two is set (protobuf oneof `kind`). */
export interface Preview {
  inline?: InlinePreview;
  contentId?: Uint8Array;
}

/** The fields a creator chooses (everything but id, creator and created_height). */
export interface CardFields {
  contentId: Uint8Array;
  salt: Uint8Array;
  size: bigint;
  blockSize: number;
  pieceSize: number;
  mimeType: string;
  title: string;
  body: string;
  tags: string[];
  links: string[];
  parentId: bigint;
  preview?: Preview;
  price?: Coin;
  editionCap: bigint;
  resaleRoyaltyBps: number;
  pieceRoyalty?: Coin;
  keyAgents: string[];
}

export interface Card extends CardFields {
  id: bigint;
  creator: string;
  createdHeight: bigint;
}
export const Card = bigintCodec<Card>('seedcast.content.v1.Card');

export interface Provider {
  provider: string;
  peerId: string;
  addrs: string[];
  height: bigint;
}
export const Provider = bigintCodec<Provider>('seedcast.content.v1.Provider');

export interface MsgPublishCard extends CardFields {
  creator: string;
}
export const MsgPublishCard = bigintCodec<MsgPublishCard>('seedcast.content.v1.MsgPublishCard');

export interface MsgPublishCardResponse {
  cardId: bigint;
}
export const MsgPublishCardResponse = bigintCodec<MsgPublishCardResponse>('seedcast.content.v1.MsgPublishCardResponse');

export interface MsgAnnounceProvider {
  provider: string;
  contentId: Uint8Array;
  peerId: string;
  addrs: string[];
}
export const MsgAnnounceProvider = bigintCodec<MsgAnnounceProvider>('seedcast.content.v1.MsgAnnounceProvider');

export type MsgAnnounceProviderResponse = Record<string, never>;
export const MsgAnnounceProviderResponse = bigintCodec<MsgAnnounceProviderResponse>('seedcast.content.v1.MsgAnnounceProviderResponse');

export interface MsgWithdrawProvider {
  provider: string;
  contentId: Uint8Array;
}
export const MsgWithdrawProvider = bigintCodec<MsgWithdrawProvider>('seedcast.content.v1.MsgWithdrawProvider');

export type MsgWithdrawProviderResponse = Record<string, never>;
export const MsgWithdrawProviderResponse = bigintCodec<MsgWithdrawProviderResponse>('seedcast.content.v1.MsgWithdrawProviderResponse');

export interface QueryCardRequest {
  id: bigint;
}
export const QueryCardRequest = bigintCodec<QueryCardRequest>('seedcast.content.v1.QueryCardRequest');

export interface QueryCardResponse {
  card?: Card;
}
export const QueryCardResponse = bigintCodec<QueryCardResponse>('seedcast.content.v1.QueryCardResponse');

export interface QueryCardByContentRequest {
  contentId: Uint8Array;
}
export const QueryCardByContentRequest = bigintCodec<QueryCardByContentRequest>('seedcast.content.v1.QueryCardByContentRequest');

export interface QueryCardByContentResponse {
  card?: Card;
}
export const QueryCardByContentResponse = bigintCodec<QueryCardByContentResponse>('seedcast.content.v1.QueryCardByContentResponse');

export interface QueryCardsByCreatorRequest {
  creator: string;
  pagination?: Partial<PageRequest>;
}
export const QueryCardsByCreatorRequest = bigintCodec<QueryCardsByCreatorRequest>('seedcast.content.v1.QueryCardsByCreatorRequest');

export interface QueryCardsByCreatorResponse {
  cards: Card[];
  pagination?: PageResponse;
}
export const QueryCardsByCreatorResponse = bigintCodec<QueryCardsByCreatorResponse>('seedcast.content.v1.QueryCardsByCreatorResponse');

export interface QueryProvidersRequest {
  contentId: Uint8Array;
  pagination?: Partial<PageRequest>;
}
export const QueryProvidersRequest = bigintCodec<QueryProvidersRequest>('seedcast.content.v1.QueryProvidersRequest');

export interface QueryProvidersResponse {
  providers: Provider[];
  pagination?: PageResponse;
}
export const QueryProvidersResponse = bigintCodec<QueryProvidersResponse>('seedcast.content.v1.QueryProvidersResponse');

/** Type URLs of the content module's transaction messages. */
export const CONTENT_MSG_TYPE_URLS = [MsgPublishCard.typeUrl, MsgAnnounceProvider.typeUrl, MsgWithdrawProvider.typeUrl] as const;
