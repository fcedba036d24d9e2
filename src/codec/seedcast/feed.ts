// Codecs of proto/seedcast/social/v1/feed.proto: the Feed service's requests and answers.
// 64-bit integers are bigint both ways (bigintCodec).
import { bigintCodec, type PageRequest, type PageResponse } from './content.js';
import type { CardWithStats } from './social.js';

/** gRPC method paths of the Feed service (abci_query `path`). */
export const FEED_PATHS = {
  home: '/seedcast.social.v1.Feed/Home',
  byTag: '/seedcast.social.v1.Feed/ByTag',
  thread: '/seedcast.social.v1.Feed/Thread',
  byCreator: '/seedcast.social.v1.Feed/ByCreator',
  trending: '/seedcast.social.v1.Feed/Trending',
} as const;

/** A page of cards with their counters: the answer of every paginated feed. */
export interface FeedPage {
  items: CardWithStats[];
  pagination?: PageResponse;
}

export interface QueryHomeRequest {
  address: string;
  pagination?: Partial<PageRequest>;
}
export const QueryHomeRequest = bigintCodec<QueryHomeRequest>('seedcast.social.v1.QueryHomeRequest');
export type QueryHomeResponse = FeedPage;
export const QueryHomeResponse = bigintCodec<QueryHomeResponse>('seedcast.social.v1.QueryHomeResponse');

export interface QueryByTagRequest {
  tag: string;
  pagination?: Partial<PageRequest>;
}
export const QueryByTagRequest = bigintCodec<QueryByTagRequest>('seedcast.social.v1.QueryByTagRequest');
export type QueryByTagResponse = FeedPage;
export const QueryByTagResponse = bigintCodec<QueryByTagResponse>('seedcast.social.v1.QueryByTagResponse');

export interface QueryThreadRequest {
  cardId: bigint;
  pagination?: Partial<PageRequest>;
}
export const QueryThreadRequest = bigintCodec<QueryThreadRequest>('seedcast.social.v1.QueryThreadRequest');
export type QueryThreadResponse = FeedPage;
export const QueryThreadResponse = bigintCodec<QueryThreadResponse>('seedcast.social.v1.QueryThreadResponse');

export interface QueryByCreatorRequest {
  creator: string;
  pagination?: Partial<PageRequest>;
}
export const QueryByCreatorRequest = bigintCodec<QueryByCreatorRequest>('seedcast.social.v1.QueryByCreatorRequest');
export type QueryByCreatorResponse = FeedPage;
export const QueryByCreatorResponse = bigintCodec<QueryByCreatorResponse>('seedcast.social.v1.QueryByCreatorResponse');

export interface QueryTrendingRequest {
  /** 1..100; 0 means the default (20). */
  limit: number;
}
export const QueryTrendingRequest = bigintCodec<QueryTrendingRequest>('seedcast.social.v1.QueryTrendingRequest');

export interface QueryTrendingResponse {
  items: CardWithStats[];
  /** The height the scores were decayed to. */
  height: bigint;
  /** scores[i]: items[i]'s score decayed to `height`. */
  scores: bigint[];
}
export const QueryTrendingResponse = bigintCodec<QueryTrendingResponse>('seedcast.social.v1.QueryTrendingResponse');
