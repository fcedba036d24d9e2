// Resale over the real App: list, relist, delist, buy listed (royalty and seller paid
// exactly), the refusals, and a transfer dropping the listing.
import { eventAttrs, signer, type Signer } from '../harness.js';
import { Bed, buyListed, contentCard, delist, FEE, list, publish, transfer } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;
let bed: Bed;

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3)]);
});
beforeEach(async () => {
  bed = await Bed.open();
  // Card 1 by alice: 10% resale royalty; bob holds license 1.
  expect((await bed.run(alice, publish(contentCard(alice.address, { resaleRoyaltyBps: 1000, price: { denom: 'useed', amount: '100' } })))).code).toBe(0);
  await bed.buyOk(bob, 1n);
});
afterEach(async () => {
  await bed.close();
});

describe('listing', () => {
  it('list, relist replaces the price, delist; delist again is NotFound', async () => {
    const r = await bed.run(bob, list(bob.address, 1n, 3_000_000n));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'license')).toEqual([{ id: '1', card_id: '1', content_id: '07'.repeat(32), number: '1', owner: bob.address, action: 'list', price: '3000000useed' }]);
    expect(await bed.listing(1n)).toEqual({ licenseId: 1n, seller: bob.address, price: { denom: 'useed', amount: '3000000' }, listedHeight: 3n });
    expect((await bed.run(bob, list(bob.address, 1n, 2_500_000n))).code).toBe(0);
    const all = await bed.listings({ countTotal: true });
    expect(all.listings.map((l) => [l.licenseId, l.price?.amount, l.listedHeight])).toEqual([[1n, '2500000', 4n]]);
    expect(all.pagination?.total).toBe(1n);

    const d = await bed.run(bob, delist(bob.address, 1n));
    expect(d.code).toBe(0);
    expect(eventAttrs(d, 'license')[0]).toMatchObject({ action: 'delist', owner: bob.address });
    expect(await bed.listing(1n)).toBeUndefined();
    expect((await bed.listings()).listings).toEqual([]);
    const again = await bed.run(bob, delist(bob.address, 1n));
    expect(again.code).toBe(38);
    expect(again.log).toMatch('license 1 is not listed: not found');
  });

  it('only the owner may list or delist; the price must be positive useed', async () => {
    const notOwner = await bed.run(carol, list(carol.address, 1n, 5n));
    expect(notOwner.code).toBe(4);
    expect(notOwner.log).toMatch(`license 1 is held by ${bob.address}, not ${carol.address}`);
    expect((await bed.run(bob, list(bob.address, 1n, 5n))).code).toBe(0);
    expect((await bed.run(carol, delist(carol.address, 1n))).code).toBe(4);
    const zero = await bed.run(bob, list(bob.address, 1n, 0n));
    expect(zero.code).toBe(10);
    expect(zero.log).toMatch('listing price must be greater than 0useed');
    expect((await bed.listing(1n))?.price?.amount).toBe('5');
  });

  it('listings paginate in license-id order', async () => {
    await bed.buyOk(carol, 1n);
    await bed.buyOk(bob, 1n);
    await bed.h.commitBlock([await bed.tx(bob, list(bob.address, 3n, 30n), list(bob.address, 1n, 10n)), await bed.tx(carol, list(carol.address, 2n, 20n))]);
    const p1 = await bed.listings({ limit: 2n });
    expect(p1.listings.map((l) => [l.licenseId, l.seller])).toEqual([[1n, bob.address], [2n, carol.address]]);
    const p2 = await bed.listings({ limit: 2n, key: p1.pagination!.nextKey });
    expect(p2.listings.map((l) => l.licenseId)).toEqual([3n]);
  });

  it('a transfer of a listed license drops the listing', async () => {
    expect((await bed.run(bob, list(bob.address, 1n, 3_000_000n))).code).toBe(0);
    const r = await bed.run(bob, transfer(bob.address, 1n, carol.address));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'license')[0]).toMatchObject({ action: 'transfer', delisted: 'true', owner: carol.address });
    expect(await bed.listing(1n)).toBeUndefined();
    // Nobody can buy it from the old listing.
    const b = await bed.run(dave, buyListed(dave.address, 1n, 3_000_000n));
    expect(b.code).toBe(38);
  });
});

describe('buying a listed license', () => {
  it('pays royalty to the creator and the rest to the seller exactly (1000 bps on 3000000)', async () => {
    expect((await bed.run(bob, list(bob.address, 1n, 3_000_000n))).code).toBe(0);
    const [a0, b0, c0] = [bed.balance(alice.address), bed.balance(bob.address), bed.balance(carol.address)];
    const r = await bed.run(carol, buyListed(carol.address, 1n, 3_000_000n));
    expect(r).toMatchObject({ code: 0, log: '' });
    expect(bed.balance(alice.address)).toBe(a0 + 300_000n);
    expect(bed.balance(bob.address)).toBe(b0 + 2_700_000n);
    expect(bed.balance(carol.address)).toBe(c0 - 3_000_000n - FEE);
    expect(eventAttrs(r, 'license')).toEqual([
      {
        id: '1', card_id: '1', content_id: '07'.repeat(32), number: '1', owner: carol.address, action: 'buy_listed',
        previous_owner: bob.address, price: '3000000useed', royalty: '300000useed',
      },
    ]);
    expect(eventAttrs(r, 'transfer')).toEqual([
      { recipient: alice.address, sender: carol.address, amount: '300000useed' },
      { recipient: bob.address, sender: carol.address, amount: '2700000useed' },
    ]);
    expect(await bed.listing(1n)).toBeUndefined();
    expect((await bed.byOwner(bob.address)).licenses).toEqual([]);
    expect((await bed.byOwner(carol.address)).licenses.map((l) => [l.id, l.lastTransferHeight])).toEqual([[1n, 4n]]);
  });

  it('royalty is floored; a seller who is the creator gets it all', async () => {
    expect((await bed.run(bob, list(bob.address, 1n, 19n))).code).toBe(0);
    const a0 = bed.balance(alice.address);
    const r = await bed.run(carol, buyListed(carol.address, 1n, 19n));
    expect(eventAttrs(r, 'license')[0]).toMatchObject({ royalty: '1useed' }); // floor(19 * 0.1)
    expect(bed.balance(alice.address)).toBe(a0 + 1n);

    await bed.buyOk(alice, 1n); // license 2, held by the creator
    expect((await bed.run(alice, list(alice.address, 2n, 1000n))).code).toBe(0);
    const a1 = bed.balance(alice.address);
    const r2 = await bed.run(dave, buyListed(dave.address, 2n, 1000n));
    expect(r2.code).toBe(0);
    expect(eventAttrs(r2, 'license')[0]).toMatchObject({ royalty: '0useed', previous_owner: alice.address });
    expect(bed.balance(alice.address)).toBe(a1 + 1000n);
  });

  it('a wrong price, a delisted license, a self-buy and a short balance are refused with nothing moved', async () => {
    expect((await bed.run(bob, list(bob.address, 1n, 3_000_000n))).code).toBe(0);
    const [a0, b0] = [bed.balance(alice.address), bed.balance(bob.address)];

    const wrong = await bed.run(carol, buyListed(carol.address, 1n, 2_000_000n));
    expect(wrong.code).toBe(18);
    expect(wrong.log).toMatch('license 1 is listed at 3000000useed, the message offers 2000000useed');

    const self = await bed.run(bob, buyListed(bob.address, 1n, 3_000_000n));
    expect(self.code).toBe(18);
    expect(self.log).toMatch(`${bob.address} is the seller of license 1`);

    const huge = 2n * 10n ** 15n;
    expect((await bed.run(bob, list(bob.address, 1n, huge))).code).toBe(0);
    const poor = await bed.run(carol, buyListed(carol.address, 1n, huge));
    expect(poor.code).toBe(5);
    expect(poor.log).toMatch(`is smaller than ${huge}useed: insufficient funds`);

    expect((await bed.run(bob, delist(bob.address, 1n))).code).toBe(0);
    const gone = await bed.run(carol, buyListed(carol.address, 1n, huge));
    expect(gone.code).toBe(38);
    expect(gone.log).toMatch('license 1 is not listed for sale');

    expect(bed.balance(alice.address)).toBe(a0);
    expect(bed.balance(bob.address)).toBe(b0 - 3n * FEE) // self-buy, relist, delist;
    expect((await bed.license(1n)) as { owner: string }).toMatchObject({ owner: bob.address, lastTransferHeight: 0n });
  });
});
