// Stateless rules of the license messages, as a wallet could run them before signing.
import { validateBuy, validateBuyListed, validateDelist, validateList, validateTransfer } from '../../../../src/state/modules/license/msgs.js';
import { royaltyOf } from '../../../../src/state/modules/license/market.js';

const A = 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag';
const B = 'seed1cflcqw6jgg70pt90e970ueljdqdxf582nsgcwt';
const useed = (amount: string) => ({ denom: 'useed', amount });

describe('license message rules', () => {
  it('accepts well-formed messages', () => {
    expect(() => validateBuy({ buyer: A, cardId: 1n })).not.toThrow();
    expect(() => validateTransfer({ owner: A, licenseId: 1n, recipient: B })).not.toThrow();
    expect(() => validateList({ owner: A, licenseId: 1n, price: useed('1') })).not.toThrow();
    expect(() => validateDelist({ owner: A, licenseId: 2n })).not.toThrow();
    expect(() => validateBuyListed({ buyer: B, licenseId: 2n, price: useed('3000000') })).not.toThrow();
  });

  it.each<[string, () => void, RegExp]>([
    ['bad buyer', () => validateBuy({ buyer: 'cosmos1xyz', cardId: 1n }), /invalid buyer address/],
    ['card 0', () => validateBuy({ buyer: A, cardId: 0n }), /card_id must be at least 1/],
    ['license 0 (transfer)', () => validateTransfer({ owner: A, licenseId: 0n, recipient: B }), /license_id must be at least 1/],
    ['bad recipient', () => validateTransfer({ owner: A, licenseId: 1n, recipient: '' }), /invalid recipient address/],
    ['recipient is owner (other case)', () => validateTransfer({ owner: A, licenseId: 1n, recipient: A.toUpperCase() }), /invalid recipient address|a transfer needs another account/],
    ['recipient is owner', () => validateTransfer({ owner: A, licenseId: 1n, recipient: A }), /a transfer needs another account/],
    ['no price', () => validateList({ owner: A, licenseId: 1n }), /listing price is required/],
    ['zero price', () => validateList({ owner: A, licenseId: 1n, price: useed('0') }), /listing price must be greater than 0useed/],
    ['wrong denom', () => validateList({ owner: A, licenseId: 1n, price: { denom: 'uatom', amount: '5' } }), /listing price denom must be useed, got "uatom"/],
    ['negative amount', () => validateBuyListed({ buyer: A, licenseId: 1n, price: useed('-5') }), /price amount must be an integer/],
    ['decimal amount', () => validateBuyListed({ buyer: A, licenseId: 1n, price: useed('1.5') }), /price amount must be an integer/],
    ['79 digits', () => validateBuyListed({ buyer: A, licenseId: 1n, price: useed('9'.repeat(79)) }), /at most 78 digits/],
    ['bad owner (delist)', () => validateDelist({ owner: 'seed1', licenseId: 1n }), /invalid owner address/],
  ])('%s is refused', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  it('codes: bad address 7, bad coins 10, bad request 18', () => {
    const codeOf = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return (err as { code: number }).code;
      }
      return 0;
    };
    expect(codeOf(() => validateBuy({ buyer: 'x', cardId: 1n }))).toBe(7);
    expect(codeOf(() => validateList({ owner: A, licenseId: 1n, price: useed('0') }))).toBe(10);
    expect(codeOf(() => validateDelist({ owner: A, licenseId: 0n }))).toBe(18);
  });

  it('royalty is floor(price * bps / 10000) in bigint, exact past 2^53', () => {
    expect(royaltyOf(3_000_000n, 1000)).toBe(300_000n);
    expect(royaltyOf(19n, 1000)).toBe(1n);
    expect(royaltyOf(9n, 1000)).toBe(0n);
    expect(royaltyOf(10n ** 30n + 7n, 10_000)).toBe(10n ** 30n + 7n);
    expect(royaltyOf(2n ** 60n + 1n, 1)).toBe((2n ** 60n + 1n) / 10_000n);
  });
});
