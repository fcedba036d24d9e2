// Queries of the content module, served through abci_query. Each walks one index prefix.
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import {
  Card,
  Provider,
  QueryCardByContentRequest,
  QueryCardByContentResponse,
  QueryCardRequest,
  QueryCardResponse,
  QueryCardsByCreatorRequest,
  QueryCardsByCreatorResponse,
  QueryProvidersRequest,
  QueryProvidersResponse,
} from '../../../codec/seedcast/content.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import { contentIdHex } from './events.js';
import { contentKeeper } from './keeper.js';
import { cardsByCreatorPrefix, providersPrefix, readU64be } from './keys.js';
import { accountAddress, CONTENT_ID_BYTES } from './msgs.js';

function contentIdArg(id: Uint8Array): Uint8Array {
  if (id.length !== CONTENT_ID_BYTES) throw invalidArgument(`content_id must be ${CONTENT_ID_BYTES} bytes, got ${id.length}`);
  return id;
}

function creatorArg(creator: string): Uint8Array {
  try {
    return accountAddress('creator', creator);
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}

export const contentQueries: Record<string, QueryHandler> = {
  '/seedcast.content.v1.Query/Card': async (req, view) => {
    const { id } = QueryCardRequest.decode(req);
    if (id === 0n) throw invalidArgument('card id must be at least 1');
    const card = contentKeeper.getCard(view, id);
    if (!card) throw notFound(`card ${id}`);
    return QueryCardResponse.encode({ card });
  },

  '/seedcast.content.v1.Query/CardByContent': async (req, view) => {
    const contentId = contentIdArg(QueryCardByContentRequest.decode(req).contentId);
    const card = contentKeeper.getCardByContent(view, contentId);
    if (!card) throw notFound(`card of content ${contentIdHex(contentId)}`);
    return QueryCardByContentResponse.encode({ card });
  },

  /** Newest first (ids are stored inverted under the creator). */
  '/seedcast.content.v1.Query/CardsByCreator': async (req, view) => {
    const { creator, pagination } = QueryCardsByCreatorRequest.decode(req);
    const page = await paginate(view, cardsByCreatorPrefix(creatorArg(creator)), pagination as PageRequest | undefined);
    const cards: Card[] = [];
    for (const [, idBytes] of page.items) {
      const card = contentKeeper.getCard(view, readU64be(idBytes));
      if (card) cards.push(card);
    }
    return QueryCardsByCreatorResponse.encode({ cards, pagination: page.response });
  },

  /** In provider-address order; an unknown content has no providers (an empty list). */
  '/seedcast.content.v1.Query/Providers': async (req, view) => {
    const { contentId, pagination } = QueryProvidersRequest.decode(req);
    const page = await paginate(view, providersPrefix(contentIdArg(contentId)), pagination as PageRequest | undefined);
    return QueryProvidersResponse.encode({ providers: page.items.map(([, raw]) => Provider.decode(raw)), pagination: page.response });
  },
};
