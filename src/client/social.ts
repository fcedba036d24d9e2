// Typed queries of the social module (its Query and Feed services) for apps built on cosmjs's QueryClient.
import { createProtobufRpcClient, type QueryClient } from '@cosmjs/stargate';
import type { Card, PageRequest, PageResponse } from '../codec/seedcast/content.js';
import {
  QueryCardWithStatsRequest,
  QueryCardWithStatsResponse,
  QueryFollowersRequest,
  QueryFollowersResponse,
  QueryFollowingRequest,
  QueryFollowingResponse,
  QueryProfileRequest,
  QueryProfileResponse,
  QueryReactionsRequest,
  QueryReactionsResponse,
  type CardStats,
  type Profile,
  type Reaction,
} from '../codec/seedcast/social.js';
import {
  QueryByCreatorRequest, QueryByCreatorResponse, QueryByTagRequest, QueryByTagResponse, QueryHomeRequest, QueryHomeResponse,
  QueryThreadRequest, QueryThreadResponse, QueryTrendingRequest, QueryTrendingResponse, type FeedPage, type QueryTrendingResponse as TrendingPage,
} from '../codec/seedcast/feed.js';
import { orNull } from './notFound.js';

const SERVICE = 'seedcast.social.v1.Query';
const FEED = 'seedcast.social.v1.Feed';

export interface CardWithStatsResult {
  card: Card;
  stats: CardStats;
}

export interface AddressPage {
  addresses: string[];
  pagination?: PageResponse;
}

export function socialQuery(base: QueryClient) {
  const rpc = createProtobufRpcClient(base);
  const page = (pagination?: Partial<PageRequest>) => (pagination ? { pagination } : {});
  return {
    /** The account's profile, or null when it has none. */
    profile: (address: string): Promise<Profile | null> =>
      orNull(async () => QueryProfileResponse.decode(await rpc.request(SERVICE, 'Profile', QueryProfileRequest.encode({ address }))).profile ?? null),

    /** The card with its counters (reactions by kind, comments, views, paid views, tips, licenses, score), or null. */
    cardWithStats: (cardId: bigint | number): Promise<CardWithStatsResult | null> =>
      orNull(async () => {
        const res = QueryCardWithStatsResponse.decode(await rpc.request(SERVICE, 'CardWithStats', QueryCardWithStatsRequest.encode({ cardId: BigInt(cardId) })));
        return res.card && res.stats ? { card: res.card, stats: res.stats } : null;
      }),

    /** Accounts that follow `address`, in address-byte order. */
    async followers(address: string, pagination?: Partial<PageRequest>): Promise<AddressPage> {
      const res = QueryFollowersResponse.decode(await rpc.request(SERVICE, 'Followers', QueryFollowersRequest.encode({ address, ...page(pagination) })));
      return { addresses: res.followers, pagination: res.pagination };
    },

    /** Accounts `address` follows, in address-byte order. */
    async following(address: string, pagination?: Partial<PageRequest>): Promise<AddressPage> {
      const res = QueryFollowingResponse.decode(await rpc.request(SERVICE, 'Following', QueryFollowingRequest.encode({ address, ...page(pagination) })));
      return { addresses: res.following, pagination: res.pagination };
    },

    /** Who reacted to a card with what, by kind then reactor; null for an unknown card. */
    reactions: (cardId: bigint | number, pagination?: Partial<PageRequest>): Promise<{ reactions: Reaction[]; pagination?: PageResponse } | null> =>
      orNull(async () => QueryReactionsResponse.decode(await rpc.request(SERVICE, 'Reactions', QueryReactionsRequest.encode({ cardId: BigInt(cardId), ...page(pagination) })))),

    /** Cards by the accounts `address` follows, newest first (the home feed). */
    home: async (address: string, pagination?: Partial<PageRequest>): Promise<FeedPage> =>
      QueryHomeResponse.decode(await rpc.request(FEED, 'Home', QueryHomeRequest.encode({ address, ...page(pagination) }))),

    /** Cards carrying `tag`, newest first. */
    byTag: async (tag: string, pagination?: Partial<PageRequest>): Promise<FeedPage> =>
      QueryByTagResponse.decode(await rpc.request(FEED, 'ByTag', QueryByTagRequest.encode({ tag, ...page(pagination) }))),

    /** A creator's cards with their counters, newest first. */
    byCreator: async (creator: string, pagination?: Partial<PageRequest>): Promise<FeedPage> =>
      QueryByCreatorResponse.decode(await rpc.request(FEED, 'ByCreator', QueryByCreatorRequest.encode({ creator, ...page(pagination) }))),

    /** Replies to a card, oldest first; null for an unknown card. */
    thread: (cardId: bigint | number, pagination?: Partial<PageRequest>): Promise<FeedPage | null> =>
      orNull(async () => QueryThreadResponse.decode(await rpc.request(FEED, 'Thread', QueryThreadRequest.encode({ cardId: BigInt(cardId), ...page(pagination) })))),

    /** The `limit` (1..100, 0 = 20) cards with the highest score decayed to the current height. */
    trending: async (limit = 0): Promise<TrendingPage> =>
      QueryTrendingResponse.decode(await rpc.request(FEED, 'Trending', QueryTrendingRequest.encode({ limit }))),
  };
}

export type SocialQueryClient = ReturnType<typeof socialQuery>;
