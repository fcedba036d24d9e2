// The Feed service (/seedcast.social.v1.Feed/<Method>): cards with their counters, each method
// walking one index (feedIndex.ts, content's cards-by-creator, social's follow edges). Pages
// hold at most 100 cards (a card can carry a 64 KiB preview).
import type { PageRequest, PageResponse } from '../../../codec/seedcast/content.js';
import {
  FEED_PATHS,
  QueryByCreatorRequest,
  QueryByCreatorResponse,
  QueryByTagRequest,
  QueryByTagResponse,
  QueryHomeRequest,
  QueryHomeResponse,
  QueryThreadRequest,
  QueryThreadResponse,
  QueryTrendingRequest,
  QueryTrendingResponse,
  type FeedPage,
} from '../../../codec/seedcast/feed.js';
import type { CardWithStats } from '../../../codec/seedcast/social.js';
import type { QueryView } from '../../context.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import { contentKeeper } from '../content/keeper.js';
import { cardsByCreatorPrefix } from '../content/keys.js';
import { socialCounters } from './counters.js';
import { activityPrefix, cardsByTagPrefix, decodeActivitySuffix, readU64be, repliesPrefix, u64be } from './feedIndex.js';
import { followingPrefix } from './keys.js';
import { signerAddress } from './msgs.js';
import { decay } from './score.js';

export const FEED_LIMITS = {
  /** Cards per page: default and maximum. */
  pageDefault: 50n,
  pageMax: 100n,
  /** Home walks the first 1,000 followed accounts (address-byte order). */
  homeFollowed: 1000,
  /** Cards fetched per followed account per index read while merging. */
  homeBatch: 16,
  /** Trending looks at cards active in the last 10,000 blocks, at most 5,000 of them. */
  trendingBlocks: 10_000n,
  trendingEntries: 5000,
  trendingDefault: 20,
  trendingMax: 100,
  tagChars: 32,
} as const;

const MAX_U64 = 2n ** 64n - 1n;
const TAG = /^[a-z0-9_-]{1,32}$/;

function addressArg(field: string, address: string): Uint8Array {
  try {
    return signerAddress(address);
  } catch (err) {
    throw invalidArgument(`${field}: ${(err as Error).message}`);
  }
}

function tagArg(tag: string): string {
  if (!TAG.test(tag)) throw invalidArgument(`tag ${JSON.stringify(tag.slice(0, 40))} must be 1-${FEED_LIMITS.tagChars} characters of a-z, 0-9, _ and -`);
  return tag;
}

function pageLimit(req: Partial<PageRequest> | undefined): bigint {
  const asked = req?.limit ?? 0n;
  if (asked <= 0n) return FEED_LIMITS.pageDefault;
  return asked > FEED_LIMITS.pageMax ? FEED_LIMITS.pageMax : asked;
}

/** The card with its counters; undefined if the card is gone (never: cards are not deleted). */
function withStats(view: QueryView, id: bigint): CardWithStats | undefined {
  const card = contentKeeper.getCard(view, id);
  return card ? { card, stats: socialCounters.getStats(view, id) } : undefined;
}

/** A page of an index whose values are card ids (8 bytes), through the shared paginator. */
async function idPage(view: QueryView, prefix: Uint8Array, req: Partial<PageRequest> | undefined): Promise<FeedPage> {
  const page = await paginate(view, prefix, { key: new Uint8Array(), offset: 0n, countTotal: false, reverse: false, ...req, limit: pageLimit(req) });
  const items: CardWithStats[] = [];
  for (const [, idBytes] of page.items) {
    const item = withStats(view, readU64be(idBytes));
    if (item) items.push(item);
  }
  return { items, pagination: page.response };
}

/** Up to `n` card ids of one creator below `below` (exclusive), newest first. */
async function creatorIdsBelow(view: QueryView, creator: Uint8Array, below: bigint, n: number): Promise<bigint[]> {
  if (below <= 1n) return [];
  const prefix = cardsByCreatorPrefix(creator);
  const start = new Uint8Array(prefix.length + 8);
  start.set(prefix);
  start.set(u64be(MAX_U64 - (below - 1n)), prefix.length);
  const ids: bigint[] = [];
  for await (const [, value] of view.iterate(prefix, { start, limit: n })) ids.push(readU64be(value));
  return ids;
}

interface Source {
  creator: Uint8Array;
  /** Fetched, not yet merged, newest first. */
  ids: bigint[];
  /** The next read starts below this id (the oldest fetched so far). */
  below: bigint;
  exhausted: boolean;
}

/**
 * Home: a k-way merge of the followed accounts' cards-by-creator indexes, newest first by card
 * id. Each source is read in small batches, so a page costs about k + limit index entries.
 * The cursor (pagination.key) is the last card id returned, 8 bytes big-endian.
 */
async function homePage(view: QueryView, address: Uint8Array, req: Partial<PageRequest> | undefined): Promise<FeedPage> {
  if ((req?.offset ?? 0n) > 0n) throw invalidArgument('the home feed pages by key (the last card id seen), not by offset');
  if (req?.reverse) throw invalidArgument('reverse pagination is not supported');
  let below = MAX_U64;
  if (req?.key && req.key.length > 0) {
    if (req.key.length !== 8) throw invalidArgument(`home pagination key must be 8 bytes (a card id), got ${req.key.length}`);
    below = readU64be(req.key);
  }
  const limit = Number(pageLimit(req));
  const batch = Math.min(limit + 1, FEED_LIMITS.homeBatch);
  const sources: Source[] = [];
  const followed = followingPrefix(address);
  for await (const [key] of view.iterate(followed, { limit: FEED_LIMITS.homeFollowed })) {
    sources.push({ creator: key.slice(followed.length), ids: [], below, exhausted: false });
  }
  const refill = async (s: Source): Promise<void> => {
    const more = await creatorIdsBelow(view, s.creator, s.below, batch);
    s.ids.push(...more);
    if (more.length > 0) s.below = more[more.length - 1]!;
    if (more.length < batch) s.exhausted = true;
  };
  await Promise.all(sources.map(refill));

  const ids: bigint[] = [];
  let more = false;
  while (true) {
    let best: Source | undefined;
    for (const s of sources) if (s.ids.length > 0 && (!best || s.ids[0]! > best.ids[0]!)) best = s;
    if (!best) break;
    if (ids.length === limit) {
      more = true;
      break;
    }
    ids.push(best.ids.shift()!);
    if (best.ids.length === 0 && !best.exhausted) await refill(best);
  }
  const items = ids.map((id) => withStats(view, id)).filter((x): x is CardWithStats => x !== undefined);
  const pagination: PageResponse = { nextKey: more ? u64be(ids[ids.length - 1]!) : new Uint8Array(), total: 0n };
  return { items, pagination };
}

/**
 * Trending: the cards active in the last 10,000 blocks (the activity index, most recent first,
 * at most 5,000 entries), by score decayed to the queried height, then newest card first.
 */
async function trending(view: QueryView, limitAsked: number): Promise<QueryTrendingResponse> {
  if (limitAsked > FEED_LIMITS.trendingMax) throw invalidArgument(`trending limit is ${limitAsked}, at most ${FEED_LIMITS.trendingMax}`);
  const limit = limitAsked === 0 ? FEED_LIMITS.trendingDefault : limitAsked;
  const height = view.height;
  const oldest = height > FEED_LIMITS.trendingBlocks ? height - FEED_LIMITS.trendingBlocks + 1n : 0n;
  const prefix = activityPrefix();
  const scored: { id: bigint; score: bigint }[] = [];
  for await (const [key] of view.iterate(prefix, { limit: FEED_LIMITS.trendingEntries })) {
    const { height: at, cardId } = decodeActivitySuffix(key.subarray(prefix.length));
    if (at < oldest) break;
    const stats = socialCounters.getStats(view, cardId);
    scored.push({ id: cardId, score: decay(stats.score, height - stats.scoreHeight) });
  }
  scored.sort((a, b) => (a.score !== b.score ? (b.score > a.score ? 1 : -1) : b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
  const items: CardWithStats[] = [];
  const scores: bigint[] = [];
  for (const { id, score } of scored) {
    if (items.length === limit) break;
    const item = withStats(view, id);
    if (!item) continue;
    items.push(item);
    scores.push(score);
  }
  return { items, height, scores };
}

export const feedQueries: Record<string, QueryHandler> = {
  [FEED_PATHS.home]: async (req, view) => {
    const { address, pagination } = QueryHomeRequest.decode(req);
    return QueryHomeResponse.encode(await homePage(view, addressArg('address', address), pagination));
  },

  [FEED_PATHS.byTag]: async (req, view) => {
    const { tag, pagination } = QueryByTagRequest.decode(req);
    return QueryByTagResponse.encode(await idPage(view, cardsByTagPrefix(tagArg(tag)), pagination));
  },

  [FEED_PATHS.thread]: async (req, view) => {
    const { cardId, pagination } = QueryThreadRequest.decode(req);
    if (cardId === 0n) throw invalidArgument('card_id must be at least 1');
    if (!contentKeeper.getCard(view, cardId)) throw notFound(`card ${cardId}`);
    return QueryThreadResponse.encode(await idPage(view, repliesPrefix(cardId), pagination));
  },

  [FEED_PATHS.byCreator]: async (req, view) => {
    const { creator, pagination } = QueryByCreatorRequest.decode(req);
    return QueryByCreatorResponse.encode(await idPage(view, cardsByCreatorPrefix(addressArg('creator', creator)), pagination));
  },

  [FEED_PATHS.trending]: async (req, view) => {
    const { limit } = QueryTrendingRequest.decode(req);
    return QueryTrendingResponse.encode(await trending(view, limit));
  },
};
