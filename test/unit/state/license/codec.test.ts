// The license codecs: bigint 64-bit fields both ways, cosmjs registry encoding, total
// decoding of bad bytes.
import { seedcastRegistry } from '../../../../src/client/registry.js';
import { License, Listing, MsgBuyListedLicense, MsgBuyLicense, MsgBuyLicenseResponse, QueryLicensesByOwnerRequest } from '../../../../src/codec/seedcast/license.js';
import { LICENSE_MSG_TYPE_URLS } from '../../../../src/codec/seedcast/license.js';

const ALICE = 'seed1qyqszqgpqyqszqgpqyqszqgpqyqszqgpyswl93';

describe('license codecs', () => {
  it('round-trips a license with 64-bit fields at their extremes', () => {
    const lic: License = {
      id: 2n ** 64n - 1n,
      cardId: 7n,
      contentId: new Uint8Array(32).fill(3),
      number: 2n ** 64n - 1n,
      owner: ALICE,
      mintedHeight: 2n ** 63n - 1n,
      lastTransferHeight: 0n,
    };
    const back = License.decode(License.encode(lic));
    expect(back).toMatchObject({ id: lic.id, cardId: 7n, number: lic.number, owner: ALICE, mintedHeight: lic.mintedHeight, lastTransferHeight: 0n });
    expect(Buffer.from(back.contentId)).toEqual(Buffer.from(lic.contentId));
  });

  it('round-trips a listing with its price coin', () => {
    const l: Listing = { licenseId: 5n, seller: ALICE, price: { denom: 'useed', amount: '3000000' }, listedHeight: 9n };
    expect(Listing.decode(Listing.encode(l))).toEqual(l);
  });

  it('refuses out-of-range ids with a clear error', () => {
    expect(() => MsgBuyLicense.encode({ buyer: ALICE, cardId: 2n ** 64n })).toThrow(/MsgBuyLicense.cardId: 18446744073709551616 is out of range/);
    expect(() => MsgBuyLicense.encode({ buyer: ALICE, cardId: -1n })).toThrow(/out of range/);
  });

  it('every message is in the cosmjs registry and survives encodeAsAny/decode', () => {
    const registry = seedcastRegistry();
    for (const url of LICENSE_MSG_TYPE_URLS) expect(registry.lookupType(url)).toBeDefined();
    const value = { buyer: ALICE, licenseId: 12n, price: { denom: 'useed', amount: '42' } };
    const any = registry.encodeAsAny({ typeUrl: MsgBuyListedLicense.typeUrl, value });
    expect(any.typeUrl).toBe('/seedcast.license.v1.MsgBuyListedLicense');
    expect(registry.decode(any)).toEqual(value);
    expect(MsgBuyLicenseResponse.decode(MsgBuyLicenseResponse.encode({ licenseId: 3n, number: 2n }))).toEqual({ licenseId: 3n, number: 2n });
  });

  it('pagination decodes with bigints', () => {
    const req = QueryLicensesByOwnerRequest.decode(QueryLicensesByOwnerRequest.encode({ owner: ALICE, pagination: { limit: 2n, offset: 1n } }));
    expect(req.pagination).toMatchObject({ limit: 2n, offset: 1n });
  });

  it('bad bytes give a ProtoError, never a crash', () => {
    for (const bytes of [Uint8Array.of(0xff), Uint8Array.of(0x1a, 0x05, 0x01), Uint8Array.of(0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)]) {
      expect(() => License.decode(bytes)).toThrow(/cannot decode seedcast.license.v1.License/);
    }
    expect(() => MsgBuyLicense.decode(Uint8Array.of(0x12, 0x01, 0x61))).toThrow(/cannot decode/); // field 2 as bytes: wrong wire type
  });
});
