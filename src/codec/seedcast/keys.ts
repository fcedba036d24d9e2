// Codecs of proto/seedcast/keys/v1/keys.proto (the key agent protocol /seedcast/keys/1.0.0).
// 64-bit fields are bigint both ways (bigintCodec); decoding is total (ProtoError on bad bytes).
import { bigintCodec } from './content.js';

export interface KeyRequest {
  chainId: string;
  licenseId: bigint;
  contentId: Uint8Array;
  agent: string;
  requesterX25519: Uint8Array;
  height: bigint;
  nonce: Uint8Array;
  ownerPubkey: Uint8Array;
  signature: Uint8Array;
  /** Routes the answer on a pipelined stream; not signed. Decodes as 0 when absent. */
  requestId?: number;
}
export const KeyRequest = bigintCodec<KeyRequest>('seedcast.keys.v1.KeyRequest');

/** A request before it is signed: every field the signature covers. */
export type UnsignedKeyRequest = Omit<KeyRequest, 'signature' | 'requestId'>;

/** Why an agent refused (numbers as in the .proto enum). */
export enum RefusalCode {
  REFUSAL_UNSPECIFIED = 0,
  MALFORMED = 1,
  WRONG_CHAIN = 2,
  WRONG_AGENT = 3,
  BAD_SIGNATURE = 4,
  STALE_HEIGHT = 5,
  REPLAYED_NONCE = 6,
  UNKNOWN_LICENSE = 7,
  NOT_OWNER = 8,
  WRONG_CONTENT = 9,
  NO_KEY = 10,
  RATE_LIMITED = 11,
  INTERNAL = 12,
}

/** The enum name of a code ('NOT_OWNER'), or 'UNKNOWN_<n>' for a number we do not know. */
export function refusalCodeName(code: number): string {
  return RefusalCode[code] ?? `UNKNOWN_${code}`;
}

export interface Refusal {
  code: RefusalCode;
  message: string;
}
export const Refusal = bigintCodec<Refusal>('seedcast.keys.v1.Refusal');

/** Exactly one of the two is set (protobuf oneof `result`). */
export interface KeyResponse {
  sealedBundle?: Uint8Array;
  refusal?: Refusal;
  /** Echoes the request's request_id. */
  requestId?: number;
}
export const KeyResponse = bigintCodec<KeyResponse>('seedcast.keys.v1.KeyResponse');

export interface Share {
  index: number;
  value: Uint8Array;
  threshold: number;
}
export const Share = bigintCodec<Share>('seedcast.keys.v1.Share');

/** Exactly one of contentKey / share is set (protobuf oneof `material`). */
export interface KeyBundle {
  contentId: Uint8Array;
  licenseId: bigint;
  licenseNumber: bigint;
  owner: string;
  height: bigint;
  contentKey?: Uint8Array;
  share?: Share;
  mark: Uint8Array;
}
export const KeyBundle = bigintCodec<KeyBundle>('seedcast.keys.v1.KeyBundle');
