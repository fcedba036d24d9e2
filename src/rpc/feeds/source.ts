// What the HTTP feeds read, all through the backend's abciQuery (the path the Feed service and
// every client use, so nothing bypasses the query layer), plus block times from headers.
import type { Card } from '../../codec/seedcast/content.js';
import {
  FEED_PATHS,
  QueryByCreatorRequest,
  QueryByCreatorResponse,
  QueryByTagRequest,
  QueryByTagResponse,
  type FeedPage,
} from '../../codec/seedcast/feed.js';
import { QueryCardWithStatsRequest, QueryCardWithStatsResponse, type CardWithStats } from '../../codec/seedcast/social.js';
import type { RpcBackend } from '../interface.js';
import { FeedError } from './errors.js';

/** Feeds list the newest 50 cards. */
export const FEED_ITEMS = 50n;

const CARD_WITH_STATS_PATH = '/seedcast.social.v1.Query/CardWithStats';
// Cosmos SDK codes the query layer answers with (src/state/errors.ts).
const SDK_INVALID_REQUEST = 18;
const SDK_KEY_NOT_FOUND = 22;

async function query(backend: Pick<RpcBackend, 'abciQuery'>, path: string, data: Uint8Array): Promise<Uint8Array> {
  const r = await backend.abciQuery(path, data, undefined, false);
  if (r.code === 0) return r.value;
  if (r.codespace === 'sdk' && r.code === SDK_INVALID_REQUEST) throw new FeedError('FEED_BAD_REQUEST', r.log, { path });
  if (r.codespace === 'sdk' && r.code === SDK_KEY_NOT_FOUND) throw new FeedError('FEED_NOT_FOUND', r.log, { path });
  throw new FeedError('FEED_QUERY_FAILED', `query ${path} failed (${r.codespace} ${r.code}): ${r.log}`, { path, code: r.code });
}

export async function creatorCards(backend: Pick<RpcBackend, 'abciQuery'>, creator: string): Promise<FeedPage> {
  const req = QueryByCreatorRequest.encode({ creator, pagination: { limit: FEED_ITEMS } });
  return QueryByCreatorResponse.decode(await query(backend, FEED_PATHS.byCreator, req));
}

export async function tagCards(backend: Pick<RpcBackend, 'abciQuery'>, tag: string): Promise<FeedPage> {
  const req = QueryByTagRequest.encode({ tag, pagination: { limit: FEED_ITEMS } });
  return QueryByTagResponse.decode(await query(backend, FEED_PATHS.byTag, req));
}

export async function cardWithStats(backend: Pick<RpcBackend, 'abciQuery'>, cardId: bigint): Promise<CardWithStats> {
  const r = QueryCardWithStatsResponse.decode(await query(backend, CARD_WITH_STATS_PATH, QueryCardWithStatsRequest.encode({ cardId })));
  if (!r.card) throw new FeedError('FEED_NOT_FOUND', `card ${cardId} not found`, { cardId });
  return r;
}

/**
 * Block times (ms since the epoch) of the cards' created heights, from block headers. Genesis
 * cards (height 0) and heights without a stored header have none: the feeds omit the date.
 */
export async function blockTimes(backend: Pick<RpcBackend, 'commit'>, cards: Card[]): Promise<Map<bigint, number>> {
  const heights = [...new Set(cards.map((c) => c.createdHeight).filter((h) => h > 0n))];
  const times = new Map<bigint, number>();
  await Promise.all(
    heights.map(async (h) => {
      const time = (await backend.commit(h).catch(() => undefined))?.header.time;
      if (time) times.set(h, Number(time.seconds) * 1000 + Math.floor(time.nanos / 1e6));
    }),
  );
  return times;
}
