// Codecs of proto/seedcast/social/v1/*.proto. Each name is both the message's type and its
// codec, as in cosmjs-types: `MsgSetProfile.encode(msg)`, `const m: MsgSetProfile = ...`.
// 64-bit integers are bigint both ways (bigintCodec, as for content and license).
import { protoCodec } from '../proto.js';
import { bigintCodec, type Card, type Coin, type PageRequest, type PageResponse } from './content.js';

export interface Profile {
  address: string;
  name: string;
  bio: string;
  avatar: string;
}
export const Profile = protoCodec<Profile>('seedcast.social.v1.Profile');

export interface MsgSetProfile {
  signer: string;
  name: string;
  bio: string;
  avatar: string;
}
export const MsgSetProfile = protoCodec<MsgSetProfile>('seedcast.social.v1.MsgSetProfile');

// An empty message: nothing to say but that it succeeded.
export type MsgSetProfileResponse = Record<string, never>;
export const MsgSetProfileResponse = protoCodec<MsgSetProfileResponse>('seedcast.social.v1.MsgSetProfileResponse');

export interface QueryProfileRequest {
  address: string;
}
export const QueryProfileRequest = protoCodec<QueryProfileRequest>('seedcast.social.v1.QueryProfileRequest');

export interface QueryProfileResponse {
  /** Absent when the address has no profile (the query answers NotFound then). */
  profile?: Profile;
}
export const QueryProfileResponse = protoCodec<QueryProfileResponse>('seedcast.social.v1.QueryProfileResponse');

type Empty = Record<string, never>;

export interface ReactionCount {
  kind: string;
  count: bigint;
}

/** Counters of one card (proto CardStats); see docs/social.md. */
export interface CardStats {
  cardId: bigint;
  /** In kind order; kinds at zero are left out. */
  reactions: ReactionCount[];
  comments: bigint;
  paidViews: bigint;
  views: bigint;
  /** Total tipped, in useed. */
  tips?: Coin;
  tippers: bigint;
  licensesSold: bigint;
  score: bigint;
  scoreHeight: bigint;
}
export const CardStats = bigintCodec<CardStats>('seedcast.social.v1.CardStats');

export interface Reaction {
  cardId: bigint;
  kind: string;
  reactor: string;
}
export const Reaction = bigintCodec<Reaction>('seedcast.social.v1.Reaction');

export interface CardWithStats {
  card?: Card;
  stats?: CardStats;
}
export const CardWithStats = bigintCodec<CardWithStats>('seedcast.social.v1.CardWithStats');

export interface MsgReact {
  reactor: string;
  cardId: bigint;
  kind: string;
}
export const MsgReact = bigintCodec<MsgReact>('seedcast.social.v1.MsgReact');
export type MsgReactResponse = Empty;
export const MsgReactResponse = bigintCodec<MsgReactResponse>('seedcast.social.v1.MsgReactResponse');

export interface MsgUnreact {
  reactor: string;
  cardId: bigint;
  kind: string;
}
export const MsgUnreact = bigintCodec<MsgUnreact>('seedcast.social.v1.MsgUnreact');
export type MsgUnreactResponse = Empty;
export const MsgUnreactResponse = bigintCodec<MsgUnreactResponse>('seedcast.social.v1.MsgUnreactResponse');

export interface MsgFollow {
  follower: string;
  followee: string;
}
export const MsgFollow = bigintCodec<MsgFollow>('seedcast.social.v1.MsgFollow');
export type MsgFollowResponse = Empty;
export const MsgFollowResponse = bigintCodec<MsgFollowResponse>('seedcast.social.v1.MsgFollowResponse');

export interface MsgUnfollow {
  follower: string;
  followee: string;
}
export const MsgUnfollow = bigintCodec<MsgUnfollow>('seedcast.social.v1.MsgUnfollow');
export type MsgUnfollowResponse = Empty;
export const MsgUnfollowResponse = bigintCodec<MsgUnfollowResponse>('seedcast.social.v1.MsgUnfollowResponse');

export interface MsgTip {
  tipper: string;
  cardId: bigint;
  amount?: Coin;
}
export const MsgTip = bigintCodec<MsgTip>('seedcast.social.v1.MsgTip');
export type MsgTipResponse = Empty;
export const MsgTipResponse = bigintCodec<MsgTipResponse>('seedcast.social.v1.MsgTipResponse');

export interface MsgView {
  viewer: string;
  cardId: bigint;
}
export const MsgView = bigintCodec<MsgView>('seedcast.social.v1.MsgView');
export type MsgViewResponse = Empty;
export const MsgViewResponse = bigintCodec<MsgViewResponse>('seedcast.social.v1.MsgViewResponse');

export interface QueryCardWithStatsRequest {
  cardId: bigint;
}
export const QueryCardWithStatsRequest = bigintCodec<QueryCardWithStatsRequest>('seedcast.social.v1.QueryCardWithStatsRequest');

export interface QueryCardWithStatsResponse {
  card?: Card;
  stats?: CardStats;
}
export const QueryCardWithStatsResponse = bigintCodec<QueryCardWithStatsResponse>('seedcast.social.v1.QueryCardWithStatsResponse');

export interface QueryFollowersRequest {
  address: string;
  pagination?: Partial<PageRequest>;
}
export const QueryFollowersRequest = bigintCodec<QueryFollowersRequest>('seedcast.social.v1.QueryFollowersRequest');

export interface QueryFollowersResponse {
  followers: string[];
  pagination?: PageResponse;
}
export const QueryFollowersResponse = bigintCodec<QueryFollowersResponse>('seedcast.social.v1.QueryFollowersResponse');

export interface QueryFollowingRequest {
  address: string;
  pagination?: Partial<PageRequest>;
}
export const QueryFollowingRequest = bigintCodec<QueryFollowingRequest>('seedcast.social.v1.QueryFollowingRequest');

export interface QueryFollowingResponse {
  following: string[];
  pagination?: PageResponse;
}
export const QueryFollowingResponse = bigintCodec<QueryFollowingResponse>('seedcast.social.v1.QueryFollowingResponse');

export interface QueryReactionsRequest {
  cardId: bigint;
  pagination?: Partial<PageRequest>;
}
export const QueryReactionsRequest = bigintCodec<QueryReactionsRequest>('seedcast.social.v1.QueryReactionsRequest');

export interface QueryReactionsResponse {
  reactions: Reaction[];
  pagination?: PageResponse;
}
export const QueryReactionsResponse = bigintCodec<QueryReactionsResponse>('seedcast.social.v1.QueryReactionsResponse');

/** Type URLs of the social module's transaction messages. */
export const SOCIAL_MSG_TYPE_URLS = [
  MsgSetProfile.typeUrl,
  MsgReact.typeUrl,
  MsgUnreact.typeUrl,
  MsgFollow.typeUrl,
  MsgUnfollow.typeUrl,
  MsgTip.typeUrl,
  MsgView.typeUrl,
] as const;
