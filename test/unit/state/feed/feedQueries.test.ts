// The Feed service over the real App and a real store: cards published and commented through
// signed txs, then every feed read through its query handler with the committed view.
import type { EncodeObject } from '@cosmjs/proto-signing';
import type { PageRequest } from '../../../../src/codec/seedcast/content.js';
import {
  FEED_PATHS,
  QueryHomeRequest,
  QueryHomeResponse,
  QueryByCreatorRequest,
  QueryByCreatorResponse,
  QueryByTagRequest,
  QueryByTagResponse,
  QueryThreadRequest,
  QueryThreadResponse,
  QueryTrendingRequest,
  QueryTrendingResponse,
  type FeedPage,
} from '../../../../src/codec/seedcast/feed.js';
import { MsgFollow, MsgReact, MsgUnfollow } from '../../../../src/codec/seedcast/social.js';
import type { QueryView } from '../../../../src/state/context.js';
import { feedQueries } from '../../../../src/state/modules/social/feedQueries.js';
import { eventAttrs, makeHarness, signer, signTx, type Harness, type Signer } from '../harness.js';
import { publish, textCard } from '../content/fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;
let h: Harness;
const seq = new Map<string, number>();

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3)]);
});
beforeEach(async () => {
  h = await makeHarness();
  seq.clear();
});
afterEach(async () => {
  await h.close();
});

async function tx(s: Signer, ...msgs: EncodeObject[]): Promise<Uint8Array> {
  const n = seq.get(s.address) ?? 0;
  seq.set(s.address, n + 1);
  return signTx(s, { sequence: n, msgs, gas: 4_000_000n, fee: '20000' });
}

/** Commits one block of txs (each must succeed) and returns their results. */
async function block(txs: Uint8Array[], height?: bigint) {
  const results = await h.commitBlock(txs, height === undefined ? {} : { height });
  for (const r of results) expect(r).toMatchObject({ code: 0 });
  return results;
}

const post = (s: Signer, over: Parameters<typeof textCard>[1] = {}) => publish(textCard(s.address, over));

function view(): QueryView {
  return { height: h.height, get: (k) => h.state.get(k), iterate: (p, o) => h.state.iterate(p, o) };
}

/** Runs a Feed handler directly; the same handler the App serves at the path. */
async function feed<T>(path: string, bytes: Uint8Array, decode: (b: Uint8Array) => T): Promise<T> {
  return decode(await feedQueries[path]!(bytes, view()));
}
const ids = (page: FeedPage): bigint[] => page.items.map((i) => i.card!.id);
const byTag = (tag: string, pagination?: Partial<PageRequest>) =>
  feed(FEED_PATHS.byTag, QueryByTagRequest.encode({ tag, ...(pagination ? { pagination } : {}) }), QueryByTagResponse.decode);
const thread = (cardId: bigint, pagination?: Partial<PageRequest>) =>
  feed(FEED_PATHS.thread, QueryThreadRequest.encode({ cardId, ...(pagination ? { pagination } : {}) }), QueryThreadResponse.decode);
const byCreator = (creator: string, pagination?: Partial<PageRequest>) =>
  feed(FEED_PATHS.byCreator, QueryByCreatorRequest.encode({ creator, ...(pagination ? { pagination } : {}) }), QueryByCreatorResponse.decode);
const home = (address: string, pagination?: Partial<PageRequest>) =>
  feed(FEED_PATHS.home, QueryHomeRequest.encode({ address, ...(pagination ? { pagination } : {}) }), QueryHomeResponse.decode);
const follow = (from: Signer, to: Signer): EncodeObject => ({ typeUrl: MsgFollow.typeUrl, value: { follower: from.address, followee: to.address } });
const unfollow = (from: Signer, to: Signer): EncodeObject => ({ typeUrl: MsgUnfollow.typeUrl, value: { follower: from.address, followee: to.address } });
const react = (from: Signer, cardId: bigint, kind: string): EncodeObject => ({ typeUrl: MsgReact.typeUrl, value: { reactor: from.address, cardId, kind } });
const trending = (limit = 0) => feed(FEED_PATHS.trending, QueryTrendingRequest.encode({ limit }), QueryTrendingResponse.decode);

/** Every page of a paginated feed, following next_key. */
async function allPages(get: (p: Partial<PageRequest>) => Promise<FeedPage>, limit: bigint): Promise<bigint[][]> {
  const pages: bigint[][] = [];
  let key: Uint8Array = new Uint8Array();
  do {
    const page = await get({ key, limit });
    pages.push(ids(page));
    key = page.pagination!.nextKey;
  } while (key.length > 0 && pages.length < 100);
  return pages;
}

describe('feeds by tag, creator and thread', () => {
  it('lists a tag newest first with stats, and pages by key', async () => {
    await block([await tx(alice, post(alice, { tags: ['film'] }), post(alice, { tags: ['music'] }), post(alice, { tags: ['film', 'indie'] }))]);
    await block([await tx(bob, post(bob, { tags: ['film'] }))]);
    const film = await byTag('film');
    expect(ids(film)).toEqual([4n, 3n, 1n]);
    expect(film.items[0]!.stats).toMatchObject({ cardId: 4n, comments: 0n });
    expect(ids(await byTag('indie'))).toEqual([3n]);
    expect(ids(await byTag('nothing-here'))).toEqual([]);
    expect(await allPages((p) => byTag('film', p), 2n)).toEqual([[4n, 3n], [1n]]);
  });

  it('lists a creator newest first, with the comment counts a reply adds', async () => {
    await block([await tx(alice, post(alice), post(alice), post(alice))]);
    await block([await tx(bob, post(bob, { parentId: 2n }), post(bob, { parentId: 2n }))]);
    const page = await byCreator(alice.address);
    expect(ids(page)).toEqual([3n, 2n, 1n]);
    expect(page.items[1]!.stats).toMatchObject({ cardId: 2n, comments: 2n });
    expect(ids(await byCreator(bob.address))).toEqual([5n, 4n]);
    expect(await allPages((p) => byCreator(alice.address, p), 1n)).toEqual([[3n], [2n], [1n]]);
  });

  it('lists the replies to a card oldest first; a reply to a reply carries the root as its thread', async () => {
    await block([await tx(alice, post(alice))]);
    await block([await tx(bob, post(bob, { parentId: 1n }))]);
    const [r] = await block([await tx(alice, post(alice, { parentId: 2n }), post(alice, { parentId: 1n }))]);
    expect(eventAttrs(r!, 'card').map((a) => [a.id, a.parent_id, a.thread, a.action])).toEqual([
      ['3', '2', '1', 'publish'],
      ['4', '1', '1', 'publish'],
    ]);
    expect(ids(await thread(1n))).toEqual([2n, 4n]);
    expect(ids(await thread(2n))).toEqual([3n]);
    expect(ids(await thread(3n))).toEqual([]);
    expect(await allPages((p) => thread(1n, p), 1n)).toEqual([[2n], [4n]]);
  });

  it('answers bad arguments with clear errors', async () => {
    await expect(byTag('Not A Tag')).rejects.toThrow(/tag "Not A Tag" must be 1-32 characters/);
    await expect(byTag('')).rejects.toThrow(/must be 1-32 characters/);
    await expect(byCreator('seed1nope')).rejects.toThrow(/InvalidArgument.*creator/);
    await expect(thread(0n)).rejects.toThrow(/card_id must be at least 1/);
    await expect(thread(99n)).rejects.toThrow(/NotFound desc = card 99/);
    await expect(trending(101)).rejects.toThrow(/at most 100/);
    await expect(feedQueries[FEED_PATHS.byTag]!(Uint8Array.of(0xff, 0xff), view())).rejects.toThrow();
  });

  it('keeps the indexes exact after many cards in one block (12 txs of 10)', async () => {
    const msgs = Array.from({ length: 120 }, (_, i) => post(alice, { tags: i % 3 === 0 ? ['three'] : ['other'], body: `card ${i}` }));
    const txs: Uint8Array[] = [];
    for (let i = 0; i < msgs.length; i += 10) txs.push(await tx(alice, ...msgs.slice(i, i + 10)));
    await block(txs);
    const pages = await allPages((p) => byTag('three', p), 100n);
    expect(pages.map((p) => p.length)).toEqual([40]);
    expect(pages[0]).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(118 - 3 * i)));
    const creator = await allPages((p) => byCreator(alice.address, p), 100n);
    expect(creator.map((p) => p.length)).toEqual([100, 20]);
    expect(creator.flat()).toEqual(Array.from({ length: 120 }, (_, i) => BigInt(120 - i)));
  });
});

describe('home', () => {
  it('merges the followed accounts newest first, pages by the last card id, and forgets an unfollowed one', async () => {
    // interleaved ids: bob 1, carol 2, dave 3, bob 4, carol 5, bob 6, dave 7, alice 8
    await block([await tx(bob, post(bob))]);
    await block([await tx(carol, post(carol))]);
    await block([await tx(dave, post(dave))]);
    await block([await tx(bob, post(bob))]);
    await block([await tx(carol, post(carol))]);
    await block([await tx(bob, post(bob))]);
    await block([await tx(dave, post(dave))]);
    await block([await tx(alice, post(alice), follow(alice, bob), follow(alice, carol))]);
    expect(ids(await home(alice.address))).toEqual([6n, 5n, 4n, 2n, 1n]);
    expect(await allPages((p) => home(alice.address, p), 2n)).toEqual([[6n, 5n], [4n, 2n], [1n]]);
    const first = await home(alice.address, { limit: 5n });
    expect(first.pagination!.nextKey).toEqual(new Uint8Array()); // exactly a page: no next
    expect(first.items[0]!.stats).toMatchObject({ cardId: 6n });

    await block([await tx(alice, unfollow(alice, carol), follow(alice, dave))]);
    expect(ids(await home(alice.address))).toEqual([7n, 6n, 4n, 3n, 1n]);
    expect(ids(await home(bob.address))).toEqual([]); // follows nobody
  });

  it('refuses bad cursors and addresses', async () => {
    await expect(home('cosmos1xyz')).rejects.toThrow(/InvalidArgument.*address/);
    await expect(home(alice.address, { offset: 1n })).rejects.toThrow(/pages by key/);
    await expect(home(alice.address, { key: Uint8Array.of(1, 2, 3) })).rejects.toThrow(/must be 8 bytes/);
  });
});

describe('trending', () => {
  it('counts reactions, and a card touched again keeps one activity entry', async () => {
    await block([await tx(alice, post(alice), post(alice), post(alice))], 1n);
    await block([await tx(bob, react(bob, 2n, 'like'), react(bob, 2n, 'fire'), react(bob, 3n, 'like'))], 2n);
    await block([await tx(carol, react(carol, 3n, 'like'), react(carol, 2n, 'wow'))], 3n);
    const t = await trending();
    expect(ids(t)).toEqual([2n, 3n]);
    expect(t.scores).toEqual([3n, 2n]);
    expect(t.items[0]!.stats!.reactions.map((r) => [r.kind, r.count])).toEqual([
      ['fire', 1n],
      ['like', 1n],
      ['wow', 1n],
    ]);
  });

  it('orders by the score decayed to the current height, so old activity sinks', async () => {
    await block([await tx(alice, post(alice), post(alice))], 1n);
    // card 1: three comments at height 2 (score 9); card 2: one comment at height 1,500 (score 3)
    await block([await tx(bob, post(bob, { parentId: 1n }), post(bob, { parentId: 1n }), post(bob, { parentId: 1n }))], 2n);
    await block([await tx(bob, post(bob, { parentId: 2n }))], 1500n);
    let t = await trending();
    expect(t.height).toBe(1500n);
    expect(ids(t)).toEqual([1n, 2n]);
    expect(t.scores).toEqual([4n, 3n]); // 9 >> 1, 3
    await block([], 2100n);
    t = await trending();
    expect(ids(t)).toEqual([2n, 1n]);
    expect(t.scores).toEqual([3n, 2n]); // 9 >> 2 = 2
    expect(ids(await trending(1))).toEqual([2n]);
  });

  it('forgets cards not touched in the last 10,000 blocks', async () => {
    await block([await tx(alice, post(alice))], 1n);
    await block([await tx(bob, post(bob, { parentId: 1n }))], 2n);
    expect(ids(await trending())).toEqual([1n]);
    await block([], 10_001n);
    expect(ids(await trending())).toEqual([1n]);
    await block([], 10_002n);
    expect(ids(await trending())).toEqual([]);
  });
});
