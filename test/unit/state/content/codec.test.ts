// The content codecs: bigint 64-bit fields both ways, wire identity of our Coin and
// pagination with the cosmos ones, total decoding of bad bytes.
import { Coin as CosmosCoin } from 'cosmjs-types/cosmos/base/v1beta1/coin';
import { PageRequest as CosmosPageRequest, PageResponse as CosmosPageResponse } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import { protoCodec } from '../../../../src/codec/proto.js';
import { Card, MsgPublishCard, QueryCardsByCreatorRequest, QueryCardsByCreatorResponse } from '../../../../src/codec/seedcast/content.js';
import { contentCard } from './fixtures.js';

const ALICE = 'seed1qyqszqgpqyqszqgpqyqszqgpqyqszqgpyswl93';

describe('content codecs', () => {
  it('round-trips a card with 64-bit fields at their extremes as bigints', () => {
    const card: Card = { ...contentCard(ALICE), id: 2n ** 64n - 1n, createdHeight: 2n ** 63n - 1n, editionCap: 2n ** 64n - 1n, size: 2n ** 36n };
    const back = Card.decode(Card.encode(card));
    expect(back).toMatchObject({ id: 2n ** 64n - 1n, createdHeight: 2n ** 63n - 1n, editionCap: 2n ** 64n - 1n, size: 2n ** 36n, parentId: 0n });
    expect(Buffer.from(back.contentId)).toEqual(Buffer.from(card.contentId));
  });

  it('fromPartial (what cosmjs calls before encode) takes bigints and decimal strings', () => {
    const m = MsgPublishCard.fromPartial({ creator: ALICE, size: 5n, parentId: '7' as unknown as bigint });
    expect(m).toMatchObject({ size: 5n, parentId: 7n, editionCap: 0n, tags: [] });
    expect(MsgPublishCard.decode(MsgPublishCard.encode(m)).parentId).toBe(7n);
  });

  it('refuses out-of-range 64-bit values with a clear error', () => {
    expect(() => Card.encode({ ...contentCard(ALICE), id: 2n ** 64n, createdHeight: 0n })).toThrow(/Card.id: 18446744073709551616 is out of range/);
    expect(() => Card.encode({ ...contentCard(ALICE), id: 1n, createdHeight: -(2n ** 63n) - 1n })).toThrow(/Card.createdHeight: .* is out of range/);
  });

  it('Coin and pagination are wire-identical to the cosmos messages', () => {
    const OurCoin = protoCodec<{ denom: string; amount: string }>('seedcast.base.v1.Coin');
    const coin = { denom: 'useed', amount: '123456789012345678901234567890' };
    expect(Buffer.from(OurCoin.encode(coin))).toEqual(Buffer.from(CosmosCoin.encode(coin).finish()));
    const page = { key: Uint8Array.of(1, 2), offset: 0n, limit: 7n, countTotal: true, reverse: false };
    const ours = QueryCardsByCreatorRequest.encode({ creator: '', pagination: page });
    expect(CosmosPageRequest.decode(ours.subarray(2))).toEqual(page); // field 2, length 1 byte
    const resp = QueryCardsByCreatorResponse.encode({ cards: [], pagination: { nextKey: Uint8Array.of(9), total: 3n } });
    expect(CosmosPageResponse.decode(resp.subarray(2))).toEqual({ nextKey: Uint8Array.of(9), total: 3n });
  });

  it('bad bytes give a ProtoError, never a crash', () => {
    for (const bytes of [Uint8Array.of(0xff), Uint8Array.of(0x0a, 0x05, 0x01), Uint8Array.of(0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)]) {
      expect(() => Card.decode(bytes)).toThrow(/cannot decode seedcast.content.v1.Card/);
    }
  });
});
