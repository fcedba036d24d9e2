// The license module inside the real App over a real StateStore: buying editions (payment,
// numbering, cap, funds, text posts), transfers and the owner index, queries, determinism.
import { eventAttrs, signer, type Signer } from '../harness.js';
import { Bed, buy, contentCard, contentId, FEE, publish, textCard, transfer } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer;
let bed: Bed;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2)]);
});
beforeEach(async () => {
  bed = await Bed.open();
});
afterEach(async () => {
  await bed.close();
});

/** Alice publishes card 1 (content 07..07) with these terms. */
async function aliceCard(over: Parameters<typeof contentCard>[1] = {}): Promise<void> {
  const r = await bed.run(alice, publish(contentCard(alice.address, over)));
  expect(r.code).toBe(0);
}

describe('buying a license', () => {
  it('pays the creator exactly the price and mints numbers 1, 2, 3 with events', async () => {
    await aliceCard({ price: { denom: 'useed', amount: '5000000' }, editionCap: 0n });
    const [a0, b0, c0] = [bed.balance(alice.address), bed.balance(bob.address), bed.balance(carol.address)];
    const r = await bed.run(bob, buy(bob.address, 1n));
    expect(r).toMatchObject({ code: 0, log: '' });
    expect(bed.balance(alice.address)).toBe(a0 + 5_000_000n);
    expect(bed.balance(bob.address)).toBe(b0 - 5_000_000n - FEE);
    expect(eventAttrs(r, 'license')).toEqual([
      { id: '1', card_id: '1', content_id: '07'.repeat(32), number: '1', owner: bob.address, action: 'buy', price: '5000000useed' },
    ]);
    expect(eventAttrs(r, 'message')).toContainEqual({ sender: bob.address, module: 'license' });
    expect(eventAttrs(r, 'transfer')).toContainEqual({ recipient: alice.address, sender: bob.address, amount: '5000000useed' });

    expect(await bed.buyOk(carol, 1n)).toEqual({ licenseId: 2n, number: 2n });
    expect(await bed.buyOk(bob, 1n)).toEqual({ licenseId: 3n, number: 3n });
    expect(bed.balance(carol.address)).toBe(c0 - 5_000_000n - FEE);
    expect(bed.balance(alice.address)).toBe(a0 + 15_000_000n);
    expect(await bed.license(1n)).toEqual({ id: 1n, cardId: 1n, contentId: expect.anything(), number: 1n, owner: bob.address, mintedHeight: 2n, lastTransferHeight: 0n });
    expect(bed.sold(1n)).toBe(3n);
  });

  it('a free card still mints, moves no coins; a creator may buy their own', async () => {
    await aliceCard({ price: undefined });
    const a0 = bed.balance(alice.address);
    const r = await bed.run(bob, buy(bob.address, 1n));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'transfer')).toEqual([]);
    expect(eventAttrs(r, 'license')[0]).toMatchObject({ number: '1', price: '0useed' });
    expect(await bed.buyOk(alice, 1n)).toEqual({ licenseId: 2n, number: 2n });
    expect(bed.balance(alice.address)).toBe(a0 - FEE);
  });

  it('the creator buying their paid card pays themselves', async () => {
    await aliceCard({ price: { denom: 'useed', amount: '700' } });
    const a0 = bed.balance(alice.address);
    const r = await bed.run(alice, buy(alice.address, 1n));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'transfer')).toContainEqual({ recipient: alice.address, sender: alice.address, amount: '700useed' });
    expect(bed.balance(alice.address)).toBe(a0 - FEE);
  });

  it('refuses past the edition cap, naming the cap, with balances and sold count unchanged', async () => {
    await aliceCard({ editionCap: 2n, price: { denom: 'useed', amount: '1000' } });
    await bed.buyOk(bob, 1n);
    await bed.buyOk(carol, 1n);
    const [a0, b0] = [bed.balance(alice.address), bed.balance(bob.address)];
    const r = await bed.run(bob, buy(bob.address, 1n));
    expect(r.code).toBe(18);
    expect(r.log).toMatch('card 1 has sold all of its edition_cap of 2 licenses');
    expect(bed.balance(alice.address)).toBe(a0);
    expect(bed.balance(bob.address)).toBe(b0 - FEE);
    expect(bed.sold(1n)).toBe(2n);
    expect(await bed.license(3n)).toMatchObject({ log: expect.stringMatching(/NotFound desc = license 3/) });
  });

  it('insufficient funds: the SDK error, nothing minted, no coins moved', async () => {
    const huge = (2n * 10n ** 15n).toString(); // devnet accounts hold 10^15 useed
    await aliceCard({ price: { denom: 'useed', amount: huge } });
    const [a0, b0] = [bed.balance(alice.address), bed.balance(bob.address)];
    const r = await bed.run(bob, buy(bob.address, 1n));
    expect(r).toMatchObject({ code: 5, codespace: 'sdk' });
    expect(r.log).toMatch(/smaller than 2000000000000000useed: insufficient funds/);
    expect(bed.balance(alice.address)).toBe(a0);
    expect(bed.balance(bob.address)).toBe(b0 - FEE);
    expect(bed.sold(1n)).toBe(0n);
    expect(eventAttrs(r, 'license')).toEqual([]);
    expect((await bed.byOwner(bob.address)).licenses).toEqual([]);
    expect((await bed.byContent(contentId(7))).licenses).toEqual([]);
    // The next good buy still gets id 1 and number 1: the failed one left no trace.
    const r2 = await bed.run(alice, publish(contentCard(alice.address, { contentId: contentId(8), price: undefined })));
    expect(r2.code).toBe(0);
    expect(await bed.buyOk(bob, 2n)).toEqual({ licenseId: 1n, number: 1n });
  });

  it('a text post, an unknown card and card 0 are refused clearly', async () => {
    expect((await bed.run(alice, publish(textCard(alice.address)))).code).toBe(0);
    const text = await bed.run(bob, buy(bob.address, 1n));
    expect(text.code).toBe(18);
    expect(text.log).toMatch('card 1 is a text post with no content; only cards carrying a content sell licenses');
    const unknown = await bed.run(bob, buy(bob.address, 9n));
    expect(unknown.code).toBe(38);
    expect(unknown.log).toMatch('card 9 does not exist');
    const zero = await bed.run(bob, buy(bob.address, 0n));
    expect(zero.code).toBe(18);
    expect(zero.log).toMatch('card_id must be at least 1');
  });

  it('a buy signed by another account than the buyer is refused', async () => {
    await aliceCard();
    const r = await bed.run(carol, buy(bob.address, 1n));
    expect(r.code).not.toBe(0);
    expect(bed.sold(1n)).toBe(0n);
  });
});

describe('transfers and the owner index', () => {
  it('moves the owner index: the old owner has none, the new one has it; last_transfer_height set', async () => {
    await aliceCard({ price: undefined });
    await bed.buyOk(bob, 1n);
    const r = await bed.run(bob, transfer(bob.address, 1n, carol.address));
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'license')).toEqual([
      { id: '1', card_id: '1', content_id: '07'.repeat(32), number: '1', owner: carol.address, action: 'transfer', previous_owner: bob.address },
    ]);
    expect((await bed.byOwner(bob.address)).licenses).toEqual([]);
    expect((await bed.byOwner(carol.address)).licenses.map((l) => [l.id, l.owner, l.lastTransferHeight])).toEqual([[1n, carol.address, 3n]]);
    expect((await bed.byContent(contentId(7))).licenses.map((l) => l.owner)).toEqual([carol.address]);
  });

  it('a non-owner is refused (Unauthorized naming the holder); unknown license is NotFound; self-transfer invalid', async () => {
    await aliceCard({ price: undefined });
    await bed.buyOk(bob, 1n);
    const r = await bed.run(carol, transfer(carol.address, 1n, alice.address));
    expect(r.code).toBe(4);
    expect(r.log).toMatch(`license 1 is held by ${bob.address}, not ${carol.address}: unauthorized`);
    expect((await bed.license(1n)) as { owner: string }).toMatchObject({ owner: bob.address });
    const unknown = await bed.run(bob, transfer(bob.address, 5n, carol.address));
    expect(unknown.code).toBe(38);
    expect(unknown.log).toMatch('license 5 does not exist');
    const self = await bed.run(bob, transfer(bob.address, 1n, bob.address));
    expect(self.code).toBe(18);
    expect(self.log).toMatch('a transfer needs another account');
    const bad = await bed.run(bob, transfer(bob.address, 1n, 'seed1nope'));
    expect(bad.code).toBe(7);
    expect(bad.log).toMatch('invalid recipient address');
  });
});

describe('queries', () => {
  it('by owner and by content paginate by key, offset and count_total, in id order', async () => {
    await aliceCard({ price: undefined });
    for (const s of [bob, carol, bob, bob]) await bed.buyOk(s, 1n);
    const all = await bed.byOwner(bob.address, { countTotal: true });
    expect(all.licenses.map((l) => [l.id, l.number])).toEqual([[1n, 1n], [3n, 3n], [4n, 4n]]);
    expect(all.pagination?.total).toBe(3n);
    const p1 = await bed.byOwner(bob.address, { limit: 2n });
    expect(p1.licenses.map((l) => l.id)).toEqual([1n, 3n]);
    const p2 = await bed.byOwner(bob.address, { limit: 2n, key: p1.pagination!.nextKey });
    expect(p2.licenses.map((l) => l.id)).toEqual([4n]);
    expect(p2.pagination!.nextKey.length).toBe(0);
    expect((await bed.byOwner(bob.address, { offset: 1n, limit: 1n })).licenses.map((l) => l.id)).toEqual([3n]);
    const content = await bed.byContent(contentId(7), { limit: 3n, countTotal: true });
    expect(content.licenses.map((l) => l.id)).toEqual([1n, 2n, 3n]);
    expect(content.pagination?.total).toBe(4n);
    expect((await bed.byContent(contentId(9))).licenses).toEqual([]);
  });

  it.each<[string, string, () => Promise<Uint8Array>, RegExp]>([
    ['license id 0', 'License', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryLicenseRequest.encode({ id: 0n }), /InvalidArgument desc = license id must be at least 1/],
    ['an unknown license', 'License', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryLicenseRequest.encode({ id: 42n }), /NotFound desc = license 42/],
    ['a bad owner', 'LicensesByOwner', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryLicensesByOwnerRequest.encode({ owner: 'bob' }), /InvalidArgument desc = invalid owner address/],
    ['a short content id', 'LicensesByContent', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryLicensesByContentRequest.encode({ contentId: new Uint8Array(5) }), /InvalidArgument desc = content_id must be 32 bytes, got 5/],
    ['listing of license 0', 'Listing', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryListingRequest.encode({ licenseId: 0n }), /InvalidArgument desc = license_id must be at least 1/],
    ['an unlisted license', 'Listing', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryListingRequest.encode({ licenseId: 3n }), /NotFound desc = listing of license 3/],
    ['reverse pagination', 'Listings', async () => (await import('../../../../src/codec/seedcast/license.js')).QueryListingsRequest.encode({ pagination: { reverse: true } }), /reverse pagination is not supported/],
    ['garbage bytes', 'License', async () => Uint8Array.of(0xff, 0xff, 0xff), /./],
  ])('%s is refused clearly', async (_name, method, data, log) => {
    const r = await bed.h.query(`/seedcast.license.v1.Query/${method}`, await data());
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(log);
  });
});
