// The social codecs: bigint 64-bit fields both ways, every message in the cosmjs registry,
// total decoding of bad bytes.
import { seedcastRegistry } from '../../../../src/client/registry.js';
import {
  CardStats,
  CardWithStats,
  MsgReact,
  MsgTip,
  QueryReactionsRequest,
  Reaction,
  SOCIAL_MSG_TYPE_URLS,
} from '../../../../src/codec/seedcast/social.js';

const ALICE = 'seed1qyqszqgpqyqszqgpqyqszqgpqyqszqgpyswl93';

describe('social codecs', () => {
  it('round-trips card stats with 64-bit counters at their extremes', () => {
    const s: CardStats = {
      cardId: 2n ** 64n - 1n,
      reactions: [
        { kind: ':party_parrot:', count: 2n },
        { kind: 'like', count: 2n ** 64n - 1n },
      ],
      comments: 3n,
      paidViews: 4n,
      views: 5n,
      tips: { denom: 'useed', amount: '123456789012345678901234567890' },
      tippers: 6n,
      licensesSold: 7n,
      score: 2n ** 64n - 1n,
      scoreHeight: 2n ** 63n - 1n,
    };
    expect(CardStats.decode(CardStats.encode(s))).toEqual(s);
  });

  it('card with stats nests the content card', () => {
    const cws = CardWithStats.decode(CardWithStats.encode({ stats: { ...CardStats.fromPartial({}), cardId: 9n } }));
    expect(cws.card).toBeUndefined();
    expect(cws.stats?.cardId).toBe(9n);
    expect(Reaction.decode(Reaction.encode({ cardId: 1n, kind: 'fire', reactor: ALICE }))).toEqual({ cardId: 1n, kind: 'fire', reactor: ALICE });
  });

  it('refuses out-of-range ids with a clear error', () => {
    expect(() => MsgReact.encode({ reactor: ALICE, cardId: 2n ** 64n, kind: 'like' })).toThrow(/MsgReact.cardId: 18446744073709551616 is out of range/);
    expect(() => MsgTip.encode({ tipper: ALICE, cardId: -1n })).toThrow(/out of range/);
  });

  it('every message is in the cosmjs registry and survives encodeAsAny/decode', () => {
    const registry = seedcastRegistry();
    expect(SOCIAL_MSG_TYPE_URLS).toHaveLength(7);
    for (const url of SOCIAL_MSG_TYPE_URLS) expect(registry.lookupType(url)).toBeDefined();
    const value = { tipper: ALICE, cardId: 12n, amount: { denom: 'useed', amount: '42' } };
    const any = registry.encodeAsAny({ typeUrl: MsgTip.typeUrl, value });
    expect(any.typeUrl).toBe('/seedcast.social.v1.MsgTip');
    expect(registry.decode(any)).toEqual(value);
  });

  it('pagination decodes with bigints', () => {
    const req = QueryReactionsRequest.decode(QueryReactionsRequest.encode({ cardId: 4n, pagination: { limit: 2n, offset: 1n } }));
    expect(req).toMatchObject({ cardId: 4n, pagination: { limit: 2n, offset: 1n } });
  });

  it('bad bytes give a ProtoError, never a crash', () => {
    for (const bytes of [Uint8Array.of(0xff), Uint8Array.of(0x12, 0x05, 0x01), Uint8Array.of(0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)]) {
      expect(() => CardStats.decode(bytes)).toThrow(/cannot decode seedcast.social.v1.CardStats/);
    }
    expect(() => MsgReact.decode(Uint8Array.of(0x10, 0x01, 0x1a, 0x02, 0xc3, 0x28))).toThrow(/cannot decode/); // kind: invalid UTF-8
    expect(() => MsgReact.decode(Uint8Array.of(0x12, 0x01, 0x61))).toThrow(/cannot decode/); // card_id as bytes: wrong wire type
  });
});
