// Queries of the social module, served through abci_query. Each reads one record or walks one
// index prefix (reactions of a card, follow edges of an account).
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import { toBech32Address } from '../../../codec/address.js';
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
} from '../../../codec/seedcast/social.js';
import type { QueryView } from '../../context.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import { contentKeeper } from '../content/keeper.js';
import { socialCounters } from './counters.js';
import { socialKeeper } from './keeper.js';
import { decodeReactionSuffix, followersPrefix, followingPrefix, reactionsPrefix } from './keys.js';
import { account } from './msgs.js';

function addressArg(field: string, address: string): Uint8Array {
  try {
    return account(field, address).bytes;
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}

/** A card id that must name an existing card. */
function cardArg(view: QueryView, cardId: bigint) {
  if (cardId < 1n) throw invalidArgument('card_id must be at least 1');
  const card = contentKeeper.getCard(view, cardId);
  if (!card) throw notFound(`card ${cardId}`);
  return card;
}

const page = (p: unknown) => p as PageRequest | undefined;

/** The accounts named by the key suffixes of a follow-edge page. */
const addressesOf = (items: [Uint8Array, Uint8Array][]): string[] => items.map(([suffix]) => toBech32Address(suffix));

export const socialQueries: Record<string, QueryHandler> = {
  '/seedcast.social.v1.Query/Profile': async (req, view) => {
    const { address } = QueryProfileRequest.decode(req);
    const profile = socialKeeper.getProfile(view, addressArg('signer', address));
    if (!profile) throw notFound(`profile of ${address}`);
    return QueryProfileResponse.encode({ profile });
  },

  '/seedcast.social.v1.Query/CardWithStats': async (req, view) => {
    const card = cardArg(view, QueryCardWithStatsRequest.decode(req).cardId);
    return QueryCardWithStatsResponse.encode({ card, stats: socialCounters.getStats(view, card.id) });
  },

  /** Followers of an address, in address-byte order; an account nobody follows has an empty list. */
  '/seedcast.social.v1.Query/Followers': async (req, view) => {
    const { address, pagination } = QueryFollowersRequest.decode(req);
    const result = await paginate(view, followersPrefix(addressArg('account', address)), page(pagination));
    return QueryFollowersResponse.encode({ followers: addressesOf(result.items), pagination: result.response });
  },

  '/seedcast.social.v1.Query/Following': async (req, view) => {
    const { address, pagination } = QueryFollowingRequest.decode(req);
    const result = await paginate(view, followingPrefix(addressArg('account', address)), page(pagination));
    return QueryFollowingResponse.encode({ following: addressesOf(result.items), pagination: result.response });
  },

  /** Who reacted with what, by kind then reactor. */
  '/seedcast.social.v1.Query/Reactions': async (req, view) => {
    const { cardId, pagination } = QueryReactionsRequest.decode(req);
    const card = cardArg(view, cardId);
    const result = await paginate(view, reactionsPrefix(card.id), page(pagination));
    const reactions = result.items.map(([suffix]) => {
      const { kind, reactor } = decodeReactionSuffix(suffix);
      return { cardId: card.id, kind, reactor: toBech32Address(reactor) };
    });
    return QueryReactionsResponse.encode({ reactions, pagination: result.response });
  },
};
