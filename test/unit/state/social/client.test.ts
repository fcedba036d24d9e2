// The typed social query client (src/client/social.ts) through cosmjs's real QueryClient, with
// its abci_query answered by the real App (the one seam: no RPC server in a unit test).
import { QueryClient } from '@cosmjs/stargate';
import { socialQuery } from '../../../../src/client/social.js';
import { signer, type Signer } from '../harness.js';
import { Bed, follow, publish, react, textCard, view } from './fixtures.js';

let alice: Signer, bob: Signer;
let bed: Bed;

beforeAll(async () => {
  [alice, bob] = await Promise.all([signer('alice', 0), signer('bob', 1)]);
  bed = await Bed.open();
});
afterAll(async () => {
  await bed.close();
});

function client() {
  const comet = {
    abciQuery: async ({ path, data }: { path: string; data: Uint8Array }) => {
      const r = await bed.h.query(path, data);
      return { ...r, height: Number(bed.h.height) || 1, key: new Uint8Array(), index: 0 };
    },
  };
  return socialQuery(new QueryClient(comet as unknown as ConstructorParameters<typeof QueryClient>[0]));
}

describe('socialQuery', () => {
  it('reads a card with stats, followers, following and reactions; null for what is absent', async () => {
    for (const [s, msg] of [
      [alice, publish(textCard(alice.address))],
      [bob, react(bob.address, 1n, 'love')],
      [bob, view(bob.address, 1n)],
      [bob, follow(bob.address, alice.address)],
    ] as const) {
      expect((await bed.run(s, msg)).code).toBe(0);
    }
    const q = client();
    const cws = await q.cardWithStats(1);
    expect(cws?.card.creator).toBe(alice.address);
    expect(cws?.stats).toMatchObject({ reactions: [{ kind: 'love', count: 1n }], views: 1n, score: 2n });
    expect(await q.cardWithStats(2)).toBeNull();
    expect(await q.profile(alice.address)).toBeNull();
    expect((await q.followers(alice.address)).addresses).toEqual([bob.address]);
    expect((await q.following(bob.address, { limit: 1n })).addresses).toEqual([alice.address]);
    expect((await q.reactions(1))!.reactions).toEqual([{ cardId: 1n, kind: 'love', reactor: bob.address }]);
    await expect(q.reactions(0)).rejects.toThrow(/card_id must be at least 1/);
    expect(await q.reactions(999)).toBeNull();
    await expect(q.followers('nope')).rejects.toThrow(/invalid account address/);
  });
});
