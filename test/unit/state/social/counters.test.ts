// Counters exact after a sequence of every counted action (reactions by kind, comments through
// published replies, explicit vs paid views, tips, licenses through real MsgBuyLicense and
// MsgBuyListedLicense), the score as the sum of weights, and determinism of the app hash.
import { lastActivity } from '../../../../src/state/modules/social/feedIndex.js';
import { signer, type Signer } from '../harness.js';
import { Bed, buy, buyListed, contentCard, follow, list, publish, react, stats, textCard, tip, unreact, view } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3)]);
});

/** Every kind of counted action on alice's content card 1; returns the height of the last one. */
async function script(bed: Bed, tipper: Signer): Promise<void> {
  const ok = async (s: Signer, ...msgs: Parameters<Bed['tx']>[1][]) => {
    const r = await bed.run(s, ...msgs);
    if (r.code !== 0) throw new Error(r.log);
  };
  await ok(alice, publish(contentCard(alice.address, { price: { denom: 'useed', amount: '1000' } }))); // card 1
  await ok(bob, react(bob.address, 1n, 'like'), react(bob.address, 1n, 'fire'));
  await ok(carol, react(carol.address, 1n, 'like'));
  await ok(dave, react(dave.address, 1n, 'clap'), unreact(dave.address, 1n, 'clap'));
  await ok(carol, publish(textCard(carol.address, { parentId: 1n, title: 'reply' }))); // card 2
  await ok(bob, publish(textCard(bob.address, { parentId: 2n, title: 'reply to the reply' }))); // card 3: counts on card 2
  await ok(bob, view(bob.address, 1n));
  await ok(bob, buy(bob.address, 1n)); // license 1: sold 1, paid view bob
  await ok(carol, buy(carol.address, 1n)); // license 2: sold 2, paid view carol
  await ok(bob, buy(bob.address, 1n)); // license 3: sold 3, bob already counted
  await ok(bob, list(bob.address, 1n, 500n));
  await ok(dave, buyListed(dave.address, 1n, 500n)); // resale: paid view dave, no new sale
  await ok(tipper, tip(tipper.address, 1n, 300_000n));
  await ok(carol, tip(carol.address, 1n, 5n));
  await ok(tipper, tip(tipper.address, 1n, 20_000_000n));
  await ok(dave, follow(dave.address, alice.address));
}

describe('counters after a sequence', () => {
  it('are exact, and the score is the sum of the weights (no decay within 1,000 blocks)', async () => {
    const bed = await Bed.open();
    try {
      await script(bed, bob);
      const s = await stats(bed, 1n);
      expect(s).toEqual({
        cardId: 1n,
        reactions: [
          { kind: 'fire', count: 1n },
          { kind: 'like', count: 2n },
        ],
        comments: 1n,
        paidViews: 3n,
        views: 1n,
        tips: { denom: 'useed', amount: '20300005' },
        tippers: 2n,
        licensesSold: 3n,
        // reactions 4 x 1 (the undone clap keeps its point), comment 3, view 1, sales 3 x 10,
        // paid views 3 x 5, tips 3 + 0 + 50
        score: 4n + 3n + 1n + 30n + 15n + 3n + 0n + 50n,
        scoreHeight: 15n,
      });
      expect(lastActivity(bed.h.state, 1n)).toBe(15n);
      expect(await stats(bed, 2n)).toMatchObject({ comments: 1n, score: 3n, scoreHeight: 6n });
      expect(await stats(bed, 3n)).toMatchObject({ comments: 0n, score: 0n });
    } finally {
      await bed.close();
    }
  });
});

describe('determinism', () => {
  it('the same txs give the same app hash on two nodes; another tipper gives another', async () => {
    const [one, two, three] = await Promise.all([Bed.open(), Bed.open(), Bed.open()]);
    try {
      await script(one, bob);
      await script(two, bob);
      await script(three, dave);
      const root = (b: Bed) => Buffer.from(b.h.state.root).toString('hex');
      expect(root(one)).toBe(root(two));
      expect(root(three)).not.toBe(root(one));
    } finally {
      await Promise.all([one.close(), two.close(), three.close()]);
    }
  });
});
