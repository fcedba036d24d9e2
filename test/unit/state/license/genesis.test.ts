// The license genesis section: licenses and listings from block 1, validated whole; and
// determinism (same txs, same app hash on two nodes).
import { devnetAppState, makeHarness, signer, type Signer } from '../harness.js';
import { Bed, buy, buyListed, contentCard, list, publish, transfer } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2)]);
});

const cards = () => ({
  cards: [
    { creator: alice.address, title: 'text only' },
    { creator: alice.address, content_id: '0a'.repeat(32), salt: '0b'.repeat(32), size: '5', block_size: 16384, mime_type: 'video/mp4', edition_cap: '10', resale_royalty_bps: 1000, price: { denom: 'useed', amount: '50' } },
  ],
});

function withLicense(license: Record<string, unknown>) {
  return { ...devnetAppState(), content: cards(), license };
}

describe('license genesis', () => {
  it('starts with licenses and listings; the next sale continues after the highest edition', async () => {
    const bed = await Bed.open({
      ...devnetAppState(),
      content: cards(),
      license: {
        licenses: [
          { id: '4', card_id: '2', number: '3', owner: bob.address, minted_height: '0' },
          { id: 2, card_id: 2, number: 1, owner: carol.address, content_id: '0a'.repeat(32) },
        ],
        listings: [{ license_id: '4', price: { denom: 'useed', amount: '900' } }],
      },
    });
    try {
      expect(await bed.license(4n)).toMatchObject({ id: 4n, cardId: 2n, number: 3n, owner: bob.address, mintedHeight: 0n });
      expect((await bed.byContent(new Uint8Array(32).fill(0x0a))).licenses.map((l) => l.id)).toEqual([2n, 4n]);
      expect(await bed.listing(4n)).toEqual({ licenseId: 4n, seller: bob.address, price: { denom: 'useed', amount: '900' }, listedHeight: 0n });
      expect(await bed.buyOk(alice, 2n)).toEqual({ licenseId: 5n, number: 4n });
      expect((await bed.run(carol, buyListed(carol.address, 4n, 900n))).code).toBe(0);
      expect((await bed.byOwner(carol.address)).licenses.map((l) => l.id)).toEqual([2n, 4n]);
    } finally {
      await bed.close();
    }
  });

  it('an absent or empty section is empty', async () => {
    const bed = await Bed.open({ ...devnetAppState(), license: {} });
    try {
      expect((await bed.listings()).listings).toEqual([]);
      expect(bed.sold(1n)).toBe(0n);
    } finally {
      await bed.close();
    }
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a duplicate id', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'B' }, { id: 1, card_id: 2, number: 2, owner: 'B' }] }, /licenses\[1\].id 1 appears twice/],
    ['a duplicate edition', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'B' }, { id: 2, card_id: 2, number: 1, owner: 'B' }] }, /card 2 edition 1 appears twice/],
    ['an unknown card', { licenses: [{ id: 1, card_id: 9, number: 1, owner: 'B' }] }, /card 9 does not exist/],
    ['a text card', { licenses: [{ id: 1, card_id: 1, number: 1, owner: 'B' }] }, /card 1 is a text post/],
    ['a number over the cap', { licenses: [{ id: 1, card_id: 2, number: 11, owner: 'B' }] }, /number 11 is over card 2's edition_cap of 10/],
    ['id 0', { licenses: [{ id: 0, card_id: 2, number: 1, owner: 'B' }] }, /licenses\[0\].id must be at least 1/],
    ['a bad owner', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'nobody' }] }, /invalid licenses\[0\].owner address/],
    ['a wrong content id', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'B', content_id: '0c'.repeat(32) }] }, /content_id is not the content of card 2/],
    ['a listing of no license', { listings: [{ license_id: 3, price: { denom: 'useed', amount: '1' } }] }, /listings\[0\].license_id 3 is not a license/],
    ['a listing by a non-owner', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'B' }], listings: [{ license_id: 1, seller: 'C', price: { denom: 'useed', amount: '1' } }] }, /does not own license 1/],
    ['a free listing', { licenses: [{ id: 1, card_id: 2, number: 1, owner: 'B' }], listings: [{ license_id: 1, price: { denom: 'useed', amount: '0' } }] }, /price must be greater than 0useed/],
    ['licenses not a list', { licenses: 'x' }, /licenses must be a list/],
  ])('refuses %s', async (_name, section, message) => {
    const fill = (s: Record<string, unknown>) => JSON.parse(JSON.stringify(s).replaceAll('"B"', JSON.stringify(bob.address)).replaceAll('"C"', JSON.stringify(carol.address)));
    await expect(makeHarness(withLicense(fill(section)))).rejects.toThrow(message);
  });
});

describe('determinism', () => {
  it('the same txs give the same app hash on two nodes; a different buyer gives another', async () => {
    const [one, two, three] = await Promise.all([Bed.open(), Bed.open(), Bed.open()]);
    try {
      const script = async (bed: Bed, second: Signer) => {
        await bed.run(alice, publish(contentCard(alice.address, { resaleRoyaltyBps: 250 })));
        await bed.h.commitBlock([await bed.tx(bob, buy(bob.address, 1n)), await bed.tx(second, buy(second.address, 1n))]);
        await bed.run(bob, list(bob.address, 1n, 777n));
        await bed.run(second, buyListed(second.address, 1n, 777n));
        await bed.run(second, transfer(second.address, 2n, alice.address));
      };
      await script(one, carol);
      await script(two, carol);
      await script(three, await signer('dave', 3));
      const root = (b: Bed) => Buffer.from(b.h.state.root).toString('hex');
      expect(root(one)).toBe(root(two));
      expect(root(three)).not.toBe(root(one));
      expect((await one.byOwner(carol.address)).licenses.map((l) => l.id)).toEqual([1n]);
    } finally {
      await Promise.all([one.close(), two.close(), three.close()]);
    }
  });
});
