// The social module inside the real App over a real StateStore: reactions, follows, tips and
// views with their refusals, events and queries.
import { eventAttrs, signer, signTx, type Signer } from '../harness.js';
import {
  Bed,
  cardWithStats,
  contentCard,
  FEE,
  follow,
  followers,
  following,
  publish,
  react,
  reactions,
  stats,
  textCard,
  tip,
  unfollow,
  unreact,
  view,
} from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;
let bed: Bed;

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3)]);
});
beforeEach(async () => {
  bed = await Bed.open();
});
afterEach(async () => {
  await bed.close();
});

/** Alice publishes text card 1, tagged a and b. */
async function aliceCard(): Promise<void> {
  expect((await bed.run(alice, publish(textCard(alice.address, { tags: ['a', 'b'] })))).code).toBe(0);
}

describe('reactions', () => {
  it('react counts per kind, emits card (with action) and reaction events, unreact undoes it', async () => {
    await aliceCard();
    const r = await bed.run(bob, react(bob.address, 1n, 'like'));
    expect(r).toMatchObject({ code: 0, log: '' });
    expect(eventAttrs(r, 'message')).toContainEqual({ sender: bob.address, module: 'social' });
    const [card] = r.events.filter((e) => e.type === 'card');
    expect(card!.attributes.map((a) => [a.key, a.value])).toEqual([
      ['id', '1'],
      ['creator', alice.address],
      ['content_id', ''],
      ['parent_id', '0'],
      ['tag', 'a'],
      ['tag', 'b'],
      ['thread', '1'],
      ['action', 'react'],
    ]);
    expect(eventAttrs(r, 'reaction')).toEqual([{ card_id: '1', kind: 'like', reactor: bob.address, action: 'react' }]);

    expect((await bed.run(carol, react(carol.address, 1n, 'like'))).code).toBe(0);
    expect((await bed.run(bob, react(bob.address, 1n, ':party_parrot:'))).code).toBe(0);
    expect((await stats(bed, 1n)).reactions).toEqual([
      { kind: ':party_parrot:', count: 1n },
      { kind: 'like', count: 2n },
    ]);

    const u = await bed.run(bob, unreact(bob.address, 1n, 'like'));
    expect(u.code).toBe(0);
    expect(eventAttrs(u, 'reaction')).toEqual([{ card_id: '1', kind: 'like', reactor: bob.address, action: 'unreact' }]);
    expect(eventAttrs(u, 'card')[0]).toMatchObject({ id: '1', action: 'unreact' });
    const u2 = await bed.run(bob, unreact(bob.address, 1n, ':party_parrot:'));
    expect(u2.code).toBe(0);
    expect((await stats(bed, 1n)).reactions).toEqual([{ kind: 'like', count: 1n }]);
    // Reacting again after an unreact is allowed.
    expect((await bed.run(bob, react(bob.address, 1n, 'like'))).code).toBe(0);
    expect((await stats(bed, 1n)).reactions).toEqual([{ kind: 'like', count: 2n }]);
  });

  it('refuses an unknown card, a duplicate, and unreacting what was not reacted; state unchanged', async () => {
    await aliceCard();
    const unknown = await bed.run(bob, react(bob.address, 9n, 'like'));
    expect(unknown).toMatchObject({ code: 38, codespace: 'sdk' });
    expect(unknown.log).toMatch('card 9 does not exist: not found');
    expect((await bed.run(bob, react(bob.address, 1n, 'fire'))).code).toBe(0);
    const dup = await bed.run(bob, react(bob.address, 1n, 'fire'));
    expect(dup.code).toBe(18);
    expect(dup.log).toMatch(`${bob.address} already reacted with fire to card 1`);
    const none = await bed.run(bob, unreact(bob.address, 1n, 'clap'));
    expect(none.code).toBe(38);
    expect(none.log).toMatch(`${bob.address} has no clap reaction on card 1: not found`);
    expect((await bed.run(bob, unreact(bob.address, 9n, 'clap'))).code).toBe(38);
    expect((await stats(bed, 1n)).reactions).toEqual([{ kind: 'fire', count: 1n }]);
  });

  it('the Reactions query lists who reacted with what, by kind then reactor, paginated', async () => {
    await aliceCard();
    for (const [s, kind] of [[bob, 'wow'], [carol, 'like'], [bob, 'like'], [dave, ':a:']] as const) {
      expect((await bed.run(s, react(s.address, 1n, kind))).code).toBe(0);
    }
    const all = await reactions(bed, 1n);
    if ('code' in all) throw new Error(all.log);
    const got = all.reactions.map((r) => [r.kind, r.reactor]);
    expect(got.map(([k]) => k)).toEqual([':a:', 'like', 'like', 'wow']);
    expect(new Set(got.slice(1, 3).map(([, a]) => a))).toEqual(new Set([bob.address, carol.address]));
    expect(all.reactions.every((r) => r.cardId === 1n)).toBe(true);

    const first = await reactions(bed, 1n, { limit: 3n, countTotal: true });
    if ('code' in first) throw new Error(first.log);
    expect(first.reactions).toHaveLength(3);
    expect(first.pagination?.total).toBe(4n);
    const rest = await reactions(bed, 1n, { key: first.pagination!.nextKey, limit: 3n });
    if ('code' in rest) throw new Error(rest.log);
    expect(rest.reactions).toEqual([all.reactions[3]]);
    expect(rest.pagination?.nextKey).toHaveLength(0);

    expect(await reactions(bed, 5n)).toMatchObject({ code: 22 });
    expect(await reactions(bed, 0n)).toMatchObject({ code: 18 });
  });
});

describe('follows', () => {
  it('follow both ways, refuses twice, unfollow; Followers/Following paginate', async () => {
    for (const s of [bob, carol, dave]) {
      const r = await bed.run(s, follow(s.address, alice.address));
      expect(r.code).toBe(0);
      expect(eventAttrs(r, 'follow')).toEqual([{ follower: s.address, followee: alice.address, action: 'follow' }]);
      expect(eventAttrs(r, 'message')).toContainEqual({ sender: s.address, module: 'social' });
    }
    expect((await bed.run(bob, follow(bob.address, carol.address))).code).toBe(0);
    const twice = await bed.run(bob, follow(bob.address, alice.address));
    expect(twice.code).toBe(18);
    expect(twice.log).toMatch(`${bob.address} already follows ${alice.address}`);

    const all = await followers(bed, alice.address, { countTotal: true });
    expect(new Set(all.followers)).toEqual(new Set([bob.address, carol.address, dave.address]));
    expect(all.pagination?.total).toBe(3n);
    const p1 = await followers(bed, alice.address, { limit: 2n });
    const p2 = await followers(bed, alice.address, { key: p1.pagination!.nextKey, limit: 2n });
    expect([...p1.followers, ...p2.followers]).toEqual(all.followers);
    expect(p2.pagination?.nextKey).toHaveLength(0);
    expect(new Set((await following(bed, bob.address)).following)).toEqual(new Set([alice.address, carol.address]));
    expect((await following(bed, alice.address)).following).toEqual([]);

    const u = await bed.run(bob, unfollow(bob.address, alice.address));
    expect(u.code).toBe(0);
    expect(eventAttrs(u, 'follow')).toEqual([{ follower: bob.address, followee: alice.address, action: 'unfollow' }]);
    expect((await followers(bed, alice.address)).followers).not.toContain(bob.address);
    expect((await following(bed, bob.address)).following).toEqual([carol.address]);
    const again = await bed.run(bob, unfollow(bob.address, alice.address));
    expect(again.code).toBe(38);
    expect(again.log).toMatch(`${bob.address} does not follow ${alice.address}: not found`);
    await expect(followers(bed, 'seed1nope')).rejects.toThrow(/InvalidArgument desc = invalid account address/);
  });

  it('following oneself is refused before execution', async () => {
    const r = await bed.run(bob, follow(bob.address, bob.address));
    expect(r.code).toBe(18);
    expect(r.log).toMatch(`follower ${bob.address} cannot follow itself`);
  });
});

describe('tips', () => {
  it('moves the amount to the creator, counts total and distinct tippers, emits events', async () => {
    await aliceCard();
    const [a0, b0] = [bed.balance(alice.address), bed.balance(bob.address)];
    const r = await bed.run(bob, tip(bob.address, 1n, 250_000n));
    expect(r).toMatchObject({ code: 0, log: '' });
    expect(bed.balance(alice.address)).toBe(a0 + 250_000n);
    expect(bed.balance(bob.address)).toBe(b0 - 250_000n - FEE);
    expect(eventAttrs(r, 'tip')).toEqual([{ card_id: '1', tipper: bob.address, amount: '250000useed' }]);
    expect(eventAttrs(r, 'card')[0]).toMatchObject({ id: '1', creator: alice.address, action: 'tip' });
    expect(eventAttrs(r, 'transfer')).toContainEqual({ recipient: alice.address, sender: bob.address, amount: '250000useed' });
    expect((await bed.run(bob, tip(bob.address, 1n, 1n))).code).toBe(0);
    expect((await bed.run(carol, tip(carol.address, 1n, 9n))).code).toBe(0);
    const s = await stats(bed, 1n);
    expect(s.tips).toEqual({ denom: 'useed', amount: '250010' });
    expect(s.tippers).toBe(2n);
  });

  it('refuses zero, negative, other denoms, the own card, unknown cards and insufficient funds; state unchanged', async () => {
    await aliceCard();
    const a0 = bed.balance(alice.address);
    // Stateless refusals consume no sequence: dave signs each at sequence 0.
    const stateless: [ReturnType<typeof tip>, string][] = [
      [tip(dave.address, 1n, 0n), 'amount must be greater than 0useed: invalid coins'],
      [tip(dave.address, 1n, '-5'), 'amount must be a positive integer'],
      [tip(dave.address, 1n, '1.5'), 'amount must be a positive integer'],
      [tip(dave.address, 1n, 5n, 'uatom'), 'amount denom must be useed'],
    ];
    for (const [msg, log] of stateless) {
      const [r] = await bed.h.commitBlock([await signTx(dave, { sequence: 0, msgs: [msg], gas: 2_000_000n, fee: FEE.toString() })]);
      expect(r).toMatchObject({ code: 10, codespace: 'sdk' });
      expect(r!.log).toMatch(log);
    }
    const unknown = await bed.run(bob, tip(bob.address, 7n, 5n));
    expect(unknown.code).toBe(38);
    expect(unknown.log).toMatch('card 7 does not exist: not found');
    const poor = await bed.run(bob, tip(bob.address, 1n, 10n ** 30n));
    expect(poor.code).toBe(5);
    expect(poor.log).toMatch(`is smaller than ${10n ** 30n}useed: insufficient funds`);
    const own = await bed.run(alice, tip(alice.address, 1n, 100n));
    expect(own.code).toBe(18);
    expect(own.log).toMatch('is the creator of card 1 and cannot tip its own card');
    expect(bed.balance(alice.address)).toBe(a0 - FEE);
    const s = await stats(bed, 1n);
    expect(s).toMatchObject({ tips: { denom: 'useed', amount: '0' }, tippers: 0n, score: 0n });
  });
});

describe('views', () => {
  it('counted once per account; a second view is refused; views and paid views stay separate', async () => {
    await aliceCard();
    const r = await bed.run(bob, view(bob.address, 1n));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'view')).toEqual([{ card_id: '1', viewer: bob.address }]);
    expect(eventAttrs(r, 'card')[0]).toMatchObject({ id: '1', action: 'view', tag: 'b' });
    const again = await bed.run(bob, view(bob.address, 1n));
    expect(again.code).toBe(18);
    expect(again.log).toMatch(`${bob.address} already viewed card 1`);
    expect((await bed.run(alice, view(alice.address, 1n))).code).toBe(0);
    expect((await bed.run(carol, view(carol.address, 3n))).code).toBe(38);
    expect(await stats(bed, 1n)).toMatchObject({ views: 2n, paidViews: 0n });
  });
});

describe('card events on replies', () => {
  it('carry parent_id and the thread root, so a thread subscription sees reactions on replies', async () => {
    await aliceCard();
    expect((await bed.run(bob, publish(textCard(bob.address, { parentId: 1n, tags: [] })))).code).toBe(0);
    expect((await bed.run(carol, publish(textCard(carol.address, { parentId: 2n, tags: ['x'] })))).code).toBe(0);
    const r = await bed.run(dave, react(dave.address, 3n, 'sad'));
    expect(eventAttrs(r, 'card')).toEqual([{ id: '3', creator: carol.address, content_id: '', parent_id: '2', tag: 'x', thread: '1', action: 'react' }]);
  });
});

describe('CardWithStats', () => {
  it('returns the card with zeroed stats before any action; NotFound and InvalidArgument otherwise', async () => {
    await bed.run(alice, publish(contentCard(alice.address)));
    const got = await cardWithStats(bed, 1n);
    if ('code' in got) throw new Error(got.log);
    expect(got.card).toMatchObject({ id: 1n, creator: alice.address, title: 'My film' });
    expect(got.stats).toEqual({
      cardId: 1n,
      reactions: [],
      comments: 0n,
      paidViews: 0n,
      views: 0n,
      tips: { denom: 'useed', amount: '0' },
      tippers: 0n,
      licensesSold: 0n,
      score: 0n,
      scoreHeight: 0n,
    });
    expect(await cardWithStats(bed, 2n)).toMatchObject({ code: 22, log: expect.stringMatching(/NotFound desc = card 2/) });
    expect(await cardWithStats(bed, 0n)).toMatchObject({ code: 18, log: expect.stringMatching(/card_id must be at least 1/) });
  });
});
