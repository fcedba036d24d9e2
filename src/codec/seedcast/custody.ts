// Codecs of proto/seedcast/staking/v1/*.proto (validator key agents) and
// proto/seedcast/custody/v1/*.proto (Shamir shares of content keys dealt to them).
// 64-bit fields are bigint (bigintCodec), as in the content codecs.
import { bigintCodec, type PageRequest, type PageResponse } from './content.js';

// ---- seedcast.staking.v1 ----

export interface KeyAgent {
  /** The validator's seedvaloper... address. */
  operator: string;
  /** Raw 32-byte X25519 public key. */
  x25519PublicKey: Uint8Array;
  peerId: string;
  addrs: string[];
  /** Height of the last registration (0 = genesis). */
  height: bigint;
}
export const KeyAgent = bigintCodec<KeyAgent>('seedcast.staking.v1.KeyAgent');

export interface MsgRegisterKeyAgent {
  operator: string;
  /** The operator's own account (seed1..., same address bytes). */
  signer: string;
  x25519PublicKey: Uint8Array;
  peerId: string;
  addrs: string[];
}
export const MsgRegisterKeyAgent = bigintCodec<MsgRegisterKeyAgent>('seedcast.staking.v1.MsgRegisterKeyAgent');

export type MsgRegisterKeyAgentResponse = Record<string, never>;
export const MsgRegisterKeyAgentResponse = bigintCodec<MsgRegisterKeyAgentResponse>('seedcast.staking.v1.MsgRegisterKeyAgentResponse');

export interface QueryKeyAgentRequest {
  operator: string;
}
export const QueryKeyAgentRequest = bigintCodec<QueryKeyAgentRequest>('seedcast.staking.v1.QueryKeyAgentRequest');

export interface QueryKeyAgentResponse {
  keyAgent?: KeyAgent;
}
export const QueryKeyAgentResponse = bigintCodec<QueryKeyAgentResponse>('seedcast.staking.v1.QueryKeyAgentResponse');

export interface QueryKeyAgentsRequest {
  pagination?: Partial<PageRequest>;
}
export const QueryKeyAgentsRequest = bigintCodec<QueryKeyAgentsRequest>('seedcast.staking.v1.QueryKeyAgentsRequest');

export interface QueryKeyAgentsResponse {
  keyAgents: KeyAgent[];
  pagination?: PageResponse;
}
export const QueryKeyAgentsResponse = bigintCodec<QueryKeyAgentsResponse>('seedcast.staking.v1.QueryKeyAgentsResponse');

// ---- seedcast.custody.v1 ----

export interface CustodyShare {
  /** The validator's seedvaloper... address. */
  operator: string;
  /** The share's x coordinate, 1..n. */
  index: number;
  /** ECIES-sealed 32-byte share: 80 bytes. */
  sealedShare: Uint8Array;
}
export const CustodyShare = bigintCodec<CustodyShare>('seedcast.custody.v1.CustodyShare');

export interface Custody {
  contentId: Uint8Array;
  creator: string;
  threshold: number;
  /** keyCheck(K), 32 bytes. */
  keyCheck: Uint8Array;
  shares: CustodyShare[];
  /** Height of the block of the deal (0 = genesis). */
  dealtHeight: bigint;
}
export const Custody = bigintCodec<Custody>('seedcast.custody.v1.Custody');

export interface MsgDealCustody {
  creator: string;
  contentId: Uint8Array;
  threshold: number;
  keyCheck: Uint8Array;
  shares: CustodyShare[];
}
export const MsgDealCustody = bigintCodec<MsgDealCustody>('seedcast.custody.v1.MsgDealCustody');

export type MsgDealCustodyResponse = Record<string, never>;
export const MsgDealCustodyResponse = bigintCodec<MsgDealCustodyResponse>('seedcast.custody.v1.MsgDealCustodyResponse');

export interface QueryCustodyRequest {
  contentId: Uint8Array;
}
export const QueryCustodyRequest = bigintCodec<QueryCustodyRequest>('seedcast.custody.v1.QueryCustodyRequest');

export interface QueryCustodyResponse {
  custody?: Custody;
}
export const QueryCustodyResponse = bigintCodec<QueryCustodyResponse>('seedcast.custody.v1.QueryCustodyResponse');

/** Type URLs of the key-agent and custody transaction messages. */
export const CUSTODY_MSG_TYPE_URLS = [MsgRegisterKeyAgent.typeUrl, MsgDealCustody.typeUrl] as const;
