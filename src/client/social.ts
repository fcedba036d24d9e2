// Typed queries of the social module for apps built on cosmjs's QueryClient.
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
import { orNull } from './notFound.js';

const SERVICE = 'seedcast.social.v1.Query';

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

    /** Who reacted to a card with what, by kind then reactor (the query fails NotFound for an unknown card). */
    async reactions(cardId: bigint | number, pagination?: Partial<PageRequest>): Promise<{ reactions: Reaction[]; pagination?: PageResponse }> {
      const req = QueryReactionsRequest.encode({ cardId: BigInt(cardId), ...page(pagination) });
      return QueryReactionsResponse.decode(await rpc.request(SERVICE, 'Reactions', req));
    },
  };
}

export type SocialQueryClient = ReturnType<typeof socialQuery>;
