// Shamir over GF(2^8): any t shares recover the secret, fewer do not, bad share sets are refused,
// and the deal is a pure function of (secret, t, n, seed).
import { randomBytes } from 'node:crypto';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Share, ShamirError, combineShares, splitSecret } from '../../../src/crypto/shamir.js';
import { contentKey, custodyPolynomialSeed, keyCheck } from '../../../src/crypto/contentKeys.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fresh = (): Uint8Array => new Uint8Array(randomBytes(32));

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((s) => [first!, ...s]), ...subsets(rest, size)];
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShamirError);
    return (err as ShamirError).code;
  }
  return undefined;
}

// Independent GF(2^8) (bitwise multiply, no tables) and the documented coefficient layout.
function slowMul(a: number, b: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) {
    if (b & (1 << i)) out ^= a;
    a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
  }
  return out;
}

describe('shamir', () => {
  const secret = fresh();
  const seed = fresh();

  it('recovers the secret from every 3-subset (and the full set) of a 3-of-5 split', () => {
    const shares = splitSecret(secret, 3, 5, seed);
    expect(shares.map((s) => s.index)).toEqual([1, 2, 3, 4, 5]);
    const all = subsets(shares, 3);
    expect(all.length).toBe(10);
    for (const subset of all) expect(hex(combineShares(subset, 3))).toBe(hex(secret));
    expect(hex(combineShares([...shares].reverse(), 3))).toBe(hex(secret));
  });

  it('t-1 shares give a different value, and combineShares refuses fewer than t', () => {
    const shares = splitSecret(secret, 3, 5, seed);
    for (const pair of subsets(shares, 2)) {
      expect(hex(combineShares(pair, 2))).not.toBe(hex(secret));
      expect(codeOf(() => combineShares(pair, 3))).toBe('SHAMIR_TOO_FEW_SHARES');
    }
  });

  it('matches an independent evaluation of the documented polynomial', () => {
    const shares = splitSecret(secret, 4, 7, seed);
    const coeffs = hkdf(sha256, seed, new Uint8Array(0), new TextEncoder().encode('seedcast/shamir-coefficients/v1'), 3 * 32);
    for (const share of shares) {
      for (let b = 0; b < 32; b++) {
        let y = secret[b]!;
        let power = 1;
        for (let j = 1; j <= 3; j++) {
          power = slowMul(power, share.index);
          y ^= slowMul(coeffs[(j - 1) * 32 + b]!, power);
        }
        expect(share.value[b]).toBe(y);
      }
    }
  });

  it('is deterministic given the seed, and another seed deals other shares', () => {
    const a = splitSecret(secret, 3, 5, seed);
    const b = splitSecret(secret, 3, 5, Uint8Array.from(seed));
    expect(a.map((s) => hex(s.value))).toEqual(b.map((s) => hex(s.value)));
    const c = splitSecret(secret, 3, 5, fresh());
    expect(hex(c[0]!.value)).not.toBe(hex(a[0]!.value));
  });

  it('handles the edges: 1-of-1 is the secret itself, 255-of-255 recovers', () => {
    expect(hex(splitSecret(secret, 1, 1, seed)[0]!.value)).toBe(hex(secret));
    const many = splitSecret(secret, 255, 255, seed);
    expect(hex(combineShares(many, 255))).toBe(hex(secret));
  });

  it('refuses duplicate, zero and out-of-range indices, unequal lengths and bad parameters', () => {
    const shares = splitSecret(secret, 2, 3, seed);
    expect(codeOf(() => combineShares([shares[0]!, shares[0]!], 2))).toBe('SHAMIR_DUPLICATE_INDEX');
    expect(codeOf(() => combineShares([{ index: 0, value: shares[0]!.value }, shares[1]!], 2))).toBe('SHAMIR_BAD_INDEX');
    expect(codeOf(() => combineShares([{ index: 256, value: shares[0]!.value }, shares[1]!], 2))).toBe('SHAMIR_BAD_INDEX');
    expect(codeOf(() => combineShares([{ index: 1.5, value: shares[0]!.value }, shares[1]!], 2))).toBe('SHAMIR_BAD_INDEX');
    expect(codeOf(() => combineShares([shares[0]!, { index: 2, value: shares[1]!.value.subarray(1) }], 2))).toBe('SHAMIR_BAD_SHARE');
    expect(codeOf(() => combineShares([], 0))).toBe('SHAMIR_BAD_PARAMS');
    expect(codeOf(() => splitSecret(secret, 0, 3, seed))).toBe('SHAMIR_BAD_PARAMS');
    expect(codeOf(() => splitSecret(secret, 4, 3, seed))).toBe('SHAMIR_BAD_PARAMS');
    expect(codeOf(() => splitSecret(secret, 2, 256, seed))).toBe('SHAMIR_BAD_PARAMS');
    expect(codeOf(() => splitSecret(secret.subarray(1), 2, 3, seed))).toBe('SHAMIR_BAD_PARAMS');
    expect(codeOf(() => splitSecret(secret, 2, 3, seed.subarray(1)))).toBe('SHAMIR_BAD_PARAMS');
  });

  it('a tampered share gives a wrong key, which the published keyCheck catches', () => {
    const master = fresh();
    const contentId = fresh();
    const key = contentKey(master);
    const published = keyCheck(key);
    const shares = splitSecret(key, 3, 5, custodyPolynomialSeed(master, contentId));
    const honest = combineShares([shares[0]!, shares[2]!, shares[4]!], 3);
    expect(hex(keyCheck(honest))).toBe(hex(published));
    const tampered: Share = { index: shares[2]!.index, value: Uint8Array.from(shares[2]!.value) };
    tampered.value[7]! ^= 0x40;
    const wrong = combineShares([shares[0]!, tampered, shares[4]!], 3);
    expect(hex(wrong)).not.toBe(hex(key));
    expect(hex(keyCheck(wrong))).not.toBe(hex(published));
    // The dealer re-deals the same shares from M, so it can tell which share was bad.
    const again = splitSecret(key, 3, 5, custodyPolynomialSeed(master, contentId));
    expect(hex(again[2]!.value)).toBe(hex(shares[2]!.value));
    expect(hex(again[2]!.value)).not.toBe(hex(tampered.value));
  });
});
