// Stateless rules of the social messages, as a wallet could run them before signing, and the
// SDK codes they carry.
import { SdkError } from '../../../../src/state/errors.js';
import { isReactionKind, validateFollow, validateReaction, validateTip, validateView } from '../../../../src/state/modules/social/msgs.js';

const A = 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag';
const B = 'seed1cflcqw6jgg70pt90e970ueljdqdxf582nsgcwt';
const useed = (amount: string) => ({ denom: 'useed', amount });

describe('social message rules', () => {
  it('accepts well-formed messages', () => {
    expect(() => validateReaction({ reactor: A, cardId: 1n, kind: 'like' })).not.toThrow();
    expect(() => validateReaction({ reactor: A, cardId: 1n, kind: ':thumbs_up+1-x:' })).not.toThrow();
    expect(() => validateFollow({ follower: A, followee: B })).not.toThrow();
    expect(() => validateTip({ tipper: A, cardId: 3n, amount: useed('1') })).not.toThrow();
    expect(() => validateView({ viewer: B, cardId: 2n })).not.toThrow();
  });

  it('reaction kinds: the fixed set and :shortcodes: only', () => {
    for (const k of ['like', 'love', 'laugh', 'wow', 'sad', 'angry', 'fire', 'clap', ':a:', `:${'z'.repeat(32)}:`]) expect(isReactionKind(k)).toBe(true);
    for (const k of ['', 'Like', 'heart', '::', ':a', 'a:', `:${'z'.repeat(33)}:`, ':A:', ':a b:', ':é:', ':a:\n', 'like ']) expect(isReactionKind(k)).toBe(false);
  });

  it.each<[string, () => void, RegExp]>([
    ['bad reactor', () => validateReaction({ reactor: 'cosmos1xyz', cardId: 1n, kind: 'like' }), /invalid reactor address/],
    ['card 0', () => validateReaction({ reactor: A, cardId: 0n, kind: 'like' }), /card_id must be at least 1/],
    ['unknown kind', () => validateReaction({ reactor: A, cardId: 1n, kind: 'meh' }), /kind must be one of like, love, .* or a :shortcode: .*got "meh"/],
    ['follow oneself', () => validateFollow({ follower: A, followee: A }), /cannot follow itself/],
    ['bad followee', () => validateFollow({ follower: A, followee: '' }), /invalid followee address/],
    ['no tip amount', () => validateTip({ tipper: A, cardId: 1n }), /amount is required/],
    ['zero tip', () => validateTip({ tipper: A, cardId: 1n, amount: useed('0') }), /amount must be greater than 0useed/],
    ['negative tip', () => validateTip({ tipper: A, cardId: 1n, amount: useed('-1') }), /amount must be a positive integer/],
    ['79 digits', () => validateTip({ tipper: A, cardId: 1n, amount: useed('9'.repeat(79)) }), /at most 78 digits/],
    ['wrong denom', () => validateTip({ tipper: A, cardId: 1n, amount: { denom: 'uatom', amount: '5' } }), /amount denom must be useed, got "uatom"/],
    ['tip card 0', () => validateTip({ tipper: A, cardId: 0n, amount: useed('5') }), /card_id must be at least 1/],
    ['bad viewer', () => validateView({ viewer: 'seed1', cardId: 1n }), /invalid viewer address/],
  ])('%s is refused', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  it('codes: bad address 7, bad coins 10, bad request 18', () => {
    const codeOf = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return (err as SdkError).code;
      }
      return 0;
    };
    expect(codeOf(() => validateView({ viewer: 'x', cardId: 1n }))).toBe(7);
    expect(codeOf(() => validateTip({ tipper: A, cardId: 1n, amount: useed('0') }))).toBe(10);
    expect(codeOf(() => validateReaction({ reactor: A, cardId: 1n, kind: 'nope' }))).toBe(18);
    expect(codeOf(() => validateFollow({ follower: B, followee: B }))).toBe(18);
  });
});
