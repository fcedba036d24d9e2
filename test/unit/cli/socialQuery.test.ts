// `query social ...` argument checks and output shapes, and the tx messages through the real
// registry (the field names the CLI builds are the ones the codecs encode).
import { seedcastRegistry } from '../../../src/client/registry.js';
import { CardWithStats } from '../../../src/codec/seedcast/social.js';
import { CliError } from '../../../src/cli/common.js';
import { prepareSocialTx } from '../../../src/cli/social.js';
import { cardLine, cardText, cardWithStatsJson, prepareSocialQuery } from '../../../src/cli/socialQuery.js';

const alice = 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag';
const bob = 'seed1cflcqw6jgg70pt90e970ueljdqdxf582nsgcwt';

function fails(what: string, argv: string[], pattern: RegExp, code = 'CLI_BAD_ARGS'): void {
  let err: unknown;
  try {
    prepareSocialQuery(what, argv);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).code).toBe(code);
  expect((err as CliError).message).toMatch(pattern);
}

describe('query social arguments', () => {
  test('each query and its arguments', () => {
    expect(prepareSocialQuery('card', ['4']).query).toEqual({ kind: 'card', cardId: 4n });
    expect(prepareSocialQuery('reactions', ['4', '--limit', '5']).query).toEqual({ kind: 'reactions', cardId: 4n });
    expect(prepareSocialQuery('thread', ['9', '--page-key', 'AAAAAAAAAAk=']).query).toEqual({ kind: 'thread', cardId: 9n });
    expect(prepareSocialQuery('feed', ['--following', bob]).query).toEqual({ kind: 'home', address: bob });
    expect(prepareSocialQuery('feed', ['--creator', alice, '--output', 'json']).output).toBe('json');
    expect(prepareSocialQuery('feed', ['--tag', 'film']).query).toEqual({ kind: 'tag', tag: 'film' });
    expect(prepareSocialQuery('trending', []).query).toEqual({ kind: 'trending', limit: 20n });
    expect(prepareSocialQuery('trending', ['--limit', '100']).query).toEqual({ kind: 'trending', limit: 100n });
    expect(prepareSocialQuery('followers', [alice]).query).toEqual({ kind: 'followers', address: alice });
    expect(prepareSocialQuery('following', [bob, '--node', 'http://127.0.0.1:1']).query).toEqual({ kind: 'following', address: bob });
  });

  test('bad input names the mistake', () => {
    fails('likes', ['1'], /unknown query "query social likes"/);
    fails('card', [], /missing CARD_ID/);
    fails('card', ['-1'], /Unknown option '-1'/);
    fails('card', ['0'], /card id \(a positive integer\), got "0"/);
    fails('card', ['1', '--tag', 'film'], /--tag belongs to "query social feed"/);
    fails('feed', [], /exactly one of --following ADDRESS, --tag TAG or --creator ADDRESS/);
    fails('feed', ['--tag', 'a', '--creator', alice], /exactly one of/);
    fails('feed', ['--tag', 'Not A Tag'], /tag "Not A Tag" must be/);
    fails('feed', ['--following', 'bob'], /--following: "bob" is not a seed1/, 'CLI_BAD_ADDRESS');
    fails('followers', ['seed1xyz'], /not a seed1/, 'CLI_BAD_ADDRESS');
    fails('thread', ['1', '--limit', '0'], /--limit must be an integer from 1 to 1000/);
    fails('thread', ['1', '--page-key', 'not base64!'], /--page-key must be the base64 next_key/);
    fails('trending', ['--limit', '101'], /at most 100 for trending/);
    fails('trending', ['--page-key', 'AA=='], /takes --limit, not --page-key/);
    fails('card', ['1', '--output', 'yaml'], /--output must be json or text/);
  });
});

const item: CardWithStats = CardWithStats.decode(CardWithStats.encode(CardWithStats.fromPartial({
  card: {
    id: 7n, creator: alice, contentId: new Uint8Array(), salt: new Uint8Array(), size: 0n, blockSize: 0, pieceSize: 0, mimeType: '', title: '',
    body: 'Loved it\nsecond line', tags: ['film'], links: [], parentId: 3n, editionCap: 0n, resaleRoyaltyBps: 0, keyAgents: [], createdHeight: 41n,
  },
  stats: {
    cardId: 7n, reactions: [{ kind: 'fire', count: 2n }, { kind: 'like', count: 1n }], comments: 1n, paidViews: 4n, views: 2n,
    tips: { denom: 'useed', amount: '2500' }, tippers: 2n, licensesSold: 4n, score: 77n, scoreHeight: 40n,
  },
})));

describe('query social output', () => {
  test('JSON: the card as content shows it, counts as decimal strings, views and paid views apart', () => {
    const j = cardWithStatsJson(item);
    expect(j.card).toMatchObject({ id: '7', creator: alice, parent_id: '3', content_id: '', body: 'Loved it\nsecond line', created_height: '41' });
    expect(j.stats).toEqual({
      reactions: { fire: '2', like: '1' }, reactions_total: '3', comments: '1', views: '2', paid_views: '4',
      tips: { denom: 'useed', amount: '2500' }, tippers: '2', licenses_sold: '4', score: '77', score_height: '40',
    });
  });

  test('a card nobody touched has zeroed stats', () => {
    const bare = cardWithStatsJson({ card: item.card! });
    expect(bare.stats).toMatchObject({ reactions: {}, reactions_total: '0', comments: '0', tips: { denom: 'useed', amount: '0' } });
  });

  test('text: the card with every count, and one line per card in lists', () => {
    const text = cardText(item);
    expect(text).toContain(`card #7 by ${alice} (reply to #3) at height 41`);
    expect(text).toContain('reactions: fire 2, like 1');
    expect(text).toContain('views: 2   paid views: 4');
    expect(text).toContain('tips: 2500useed from 2 accounts');
    expect(text).toContain('licenses sold: 4');
    expect(text).not.toContain('content:');
    const withContent = cardText({ ...item, card: { ...item.card!, contentId: new Uint8Array(32).fill(0xab), mimeType: 'video/mp4', size: 5000n } });
    expect(withContent).toContain(`content: ${'ab'.repeat(32)} (video/mp4, 5000 bytes)`);
    expect(cardLine(item)).toBe(`#7 Loved it  by ${alice}  3 reactions, 1 comments, 2 views, 4 paid views, 2500useed tips`);
  });
});

describe('tx social messages through the exported registry', () => {
  const registry = seedcastRegistry();
  const cases: [string, string[]][] = [
    ['react', ['12', ':tada:']], ['unreact', ['12', 'like']], ['follow', [alice]], ['unfollow', [alice]],
    ['tip', ['12', '100000useed']], ['view', ['12']], ['comment', ['12', '--body', 'hello', '--tags', 'film']],
  ];
  test.each(cases)('%s encodes and decodes to what the CLI built', (action, args) => {
    const [m] = prepareSocialTx(action, [...args, '--from', 'bob']).build(bob);
    const bytes = registry.encode(m!);
    expect(bytes.length).toBeGreaterThan(0);
    expect(registry.decode({ typeUrl: m!.typeUrl, value: bytes })).toMatchObject(m!.value as object);
  });
});
