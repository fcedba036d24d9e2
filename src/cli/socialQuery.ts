// `seedcast query social ...`: a card with its counts, feeds (home, tag, creator), a thread,
// trending, reactions, followers and following, over abci_query (social Query and Feed services).
// JSON is snake_case with hex ids, like `query content card`; text is a short readable list.
import type { FeedPage } from '../codec/seedcast/feed.js';
import type { CardWithStats } from '../codec/seedcast/social.js';
import { socialQuery, type SocialQueryClient } from '../client/social.js';
import { CLIENT_OPTIONS, CliError, nodeUrl, parse, print, requirePositionals, str, type OutputFormat, type Values } from './common.js';
import { cardJson, nextKey, pageFlags } from './content.js';
import { withQueries } from './nodeErrors.js';
import { addressArg, cardIdArg, tagArg } from './social.js';
import { statsJson } from '../client/statsJson.js';

export const SOCIAL_QUERY_USAGE = `seedcast query social card CARD_ID                 the card with its counts (reactions by kind, comments, views, paid views, tips, licenses sold)
seedcast query social reactions CARD_ID [--limit N] [--page-key KEY]   who reacted with what
seedcast query social feed --following ADDRESS | --tag TAG | --creator ADDRESS [--limit N] [--page-key KEY]
seedcast query social thread CARD_ID [--limit N] [--page-key KEY]   replies, oldest first
seedcast query social trending [--limit N]
seedcast query social followers ADDRESS [--limit N] [--page-key KEY]
seedcast query social following ADDRESS [--limit N] [--page-key KEY]`;

/** A read of `query social ...`, checked: which query and its arguments. */
export type SocialQuery =
  | { kind: 'card' | 'reactions' | 'thread'; cardId: bigint }
  | { kind: 'home' | 'creator' | 'followers' | 'following'; address: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'trending'; limit: bigint };

/** Parses and checks `query social WHAT ...` without touching the network. */
export function prepareSocialQuery(what: string | undefined, argv: string[]): { query: SocialQuery; values: Values; output: OutputFormat } {
  const command = `query social ${what ?? ''}`.trim();
  const { values, positionals, output } = parse(command, argv, {
    ...CLIENT_OPTIONS, following: { type: 'string' }, tag: { type: 'string' }, creator: { type: 'string' }, limit: { type: 'string' }, 'page-key': { type: 'string' },
  });
  const lines = SOCIAL_QUERY_USAGE.split('\n');
  const index = ['card', 'reactions', 'feed', 'thread', 'trending', 'followers', 'following'].indexOf(what ?? '');
  if (index < 0) throw new CliError('CLI_BAD_ARGS', `query: unknown query "${command}"\nusage:\n${SOCIAL_QUERY_USAGE}`);
  const names = [['CARD_ID'], ['CARD_ID'], [], ['CARD_ID'], [], ['ADDRESS'], ['ADDRESS']][index]!;
  const [arg] = requirePositionals(command, positionals, names, lines[index]!.replace(/\s{2,}.*$/, ''));
  const page = pageFlags(values); // checks --limit and --page-key for every query
  const only = (allowed: string[]) => {
    const stray = ['following', 'tag', 'creator'].find((f) => !allowed.includes(f) && values[f] !== undefined);
    if (stray) throw new CliError('CLI_BAD_ARGS', `${command}: --${stray} belongs to "query social feed"`);
  };
  switch (what) {
    case 'card':
    case 'reactions':
    case 'thread':
      only([]);
      return { query: { kind: what, cardId: cardIdArg('CARD_ID', arg!) }, values, output };
    case 'followers':
    case 'following':
      only([]);
      return { query: { kind: what, address: addressArg('ADDRESS', arg!) }, values, output };
    case 'trending':
      only([]);
      if (values['page-key'] !== undefined) throw new CliError('CLI_BAD_ARGS', `${command}: trending is one list of the top cards; it takes --limit, not --page-key`);
      if (page.limit !== undefined && page.limit > 100n) throw new CliError('CLI_BAD_ARGS', `${command}: --limit is at most 100 for trending, got ${page.limit}`);
      return { query: { kind: 'trending', limit: page.limit ?? 20n }, values, output };
    default: {
      const chosen = (['following', 'tag', 'creator'] as const).filter((f) => values[f] !== undefined);
      if (chosen.length !== 1) throw new CliError('CLI_BAD_ARGS', `${command}: give exactly one of --following ADDRESS, --tag TAG or --creator ADDRESS`);
      const v = str(values, chosen[0]!)!;
      if (chosen[0] === 'tag') return { query: { kind: 'tag', tag: tagArg('--tag', v) }, values, output };
      return { query: { kind: chosen[0] === 'following' ? 'home' : 'creator', address: addressArg(`--${chosen[0]}`, v) }, values, output };
    }
  }
}

/** A card's counters as people read them (snake_case, integers as strings). */
export { statsJson };

export const cardWithStatsJson = (item: CardWithStats) => ({ card: item.card ? cardJson(item.card) : null, stats: statsJson(item.stats) });

/** One line per card for lists: id, title, creator and the counts that matter at a glance. */
export function cardLine(item: CardWithStats): string {
  const c = item.card;
  const s = statsJson(item.stats);
  const title = c ? c.title || c.body.split('\n')[0]!.slice(0, 60) || '(untitled)' : '(missing card)';
  return `#${c?.id ?? '?'} ${title}  by ${c?.creator ?? '?'}  ${s.reactions_total} reactions, ${s.comments} comments, ${s.views} views, ${s.paid_views} paid views, ${s.tips.amount}${s.tips.denom} tips`;
}

/** The card and all its counts, for `query social card` in text. */
export function cardText(item: CardWithStats): string {
  const c = item.card!;
  const s = statsJson(item.stats);
  return [
    `card #${c.id} by ${c.creator}${c.parentId > 0n ? ` (reply to #${c.parentId})` : ''} at height ${c.createdHeight}`,
    ...(c.title ? [`title: ${c.title}`] : []),
    ...(c.body ? [`body: ${c.body.length > 200 ? c.body.slice(0, 200) + '...' : c.body}`] : []),
    ...(c.tags.length ? [`tags: ${c.tags.join(', ')}`] : []),
    ...(c.contentId.length ? [`content: ${Buffer.from(c.contentId).toString('hex')} (${c.mimeType}, ${c.size} bytes)`] : []),
    `reactions: ${Object.entries(s.reactions).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'}`,
    `comments: ${s.comments}`,
    `views: ${s.views}   paid views: ${s.paid_views}`,
    `tips: ${s.tips.amount}${s.tips.denom} from ${s.tippers} ${s.tippers === '1' ? 'account' : 'accounts'}`,
    `licenses sold: ${s.licenses_sold}`,
    `trending score: ${s.score} (at height ${s.score_height})`,
  ].join('\n');
}

type Page = ReturnType<typeof pageFlags>;

/** The page of cards a feed query names (home, creator, tag or thread); null for an unknown thread. */
function feedPage(q: SocialQuery, social: SocialQueryClient, page: Page): Promise<FeedPage | null> {
  switch (q.kind) {
    case 'home': return social.home(q.address, page);
    case 'creator': return social.byCreator(q.address, page);
    case 'tag': return social.byTag(q.tag, page);
    case 'thread': return social.thread(q.cardId, page);
    default: throw new Error(`not a feed query: ${q.kind}`);
  }
}

export async function socialQueryCommand(what: string | undefined, argv: string[]): Promise<void> {
  const { query: q, values, output } = prepareSocialQuery(what, argv);
  const page = pageFlags(values);
  const notFound = (thing: string) => new CliError('CLI_NOT_FOUND', `${thing} not found`);
  await withQueries(nodeUrl(values), async (qc) => {
    const social = socialQuery(qc);
    switch (q.kind) {
      case 'card': {
        const r = await social.cardWithStats(q.cardId);
        if (!r?.card) throw notFound(`card ${q.cardId}`);
        return print(output, cardWithStatsJson(r), cardText(r));
      }
      case 'reactions': {
        const r = await social.reactions(q.cardId, page);
        if (!r) throw notFound(`card ${q.cardId}`);
        const reactions = r.reactions.map((x) => ({ kind: x.kind, reactor: x.reactor }));
        return print(output, { card_id: q.cardId.toString(), reactions, pagination: { next_key: nextKey(r.pagination) } }, reactions.map((x) => `${x.kind}  ${x.reactor}`).join('\n') || 'no reactions');
      }
      case 'followers': {
        const r = await social.followers(q.address, page);
        return print(output, { address: q.address, followers: r.addresses, pagination: { next_key: nextKey(r.pagination) } }, r.addresses.join('\n') || 'no followers');
      }
      case 'following': {
        const r = await social.following(q.address, page);
        return print(output, { address: q.address, following: r.addresses, pagination: { next_key: nextKey(r.pagination) } }, r.addresses.join('\n') || 'follows nobody');
      }
      case 'trending': {
        const r = await social.trending(Number(q.limit));
        const items = r.items.map((item, i) => ({ ...cardWithStatsJson(item), score_now: (r.scores[i] ?? 0n).toString() }));
        return print(output, { height: r.height.toString(), items }, r.items.map((item, i) => `${items[i]!.score_now}  ${cardLine(item)}`).join('\n') || 'nothing trending');
      }
      default: {
        const r = await feedPage(q, social, page);
        if (!r) throw notFound(`card ${(q as { cardId: bigint }).cardId}`);
        const items = r.items.map(cardWithStatsJson);
        return print(output, { items, pagination: { next_key: nextKey(r.pagination) } }, r.items.map(cardLine).join('\n') || 'no cards');
      }
    }
  });
}
