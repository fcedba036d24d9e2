// Shamir secret sharing over GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1 (0x11b), applied
// byte by byte to a 32-byte secret (DESIGN.md §5, threshold custody of a content key).
// Coefficients are not random: they are HKDF-SHA256(ikm = seed, salt = empty,
// info = "seedcast/shamir-coefficients/v1"), (t-1) * 32 bytes, coefficient j of byte b at
// [(j-1)*32 + b]. So the same (seed, t) always deals the same shares and the dealer can re-check
// any share later. The seed must be secret (custodyPolynomialSeed derives it from M).
// Table lookups are not constant-time; this runs on the dealer's and the buyer's own machines.
import { hkdfSync } from 'node:crypto';

export const SHAMIR_SECRET_BYTES = 32;
export const SHAMIR_SEED_BYTES = 32;
export const SHAMIR_MAX_SHARES = 255;
export const SHAMIR_COEFFICIENTS_INFO = 'seedcast/shamir-coefficients/v1';

export interface Share {
  /** The x coordinate, 1..255. */
  index: number;
  value: Uint8Array;
}

export type ShamirErrorCode =
  | 'SHAMIR_BAD_PARAMS'
  | 'SHAMIR_TOO_FEW_SHARES'
  | 'SHAMIR_BAD_INDEX'
  | 'SHAMIR_DUPLICATE_INDEX'
  | 'SHAMIR_BAD_SHARE';

/** Never carries secret or share bytes: only counts, indices and lengths. */
export class ShamirError extends Error {
  constructor(readonly code: ShamirErrorCode, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ShamirError';
  }
}

// exp[i] = 3^i (3 generates the multiplicative group of this field); log is its inverse.
// exp is doubled in length so that exp[log a + log b] needs no reduction mod 255.
const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
(function buildTables(): void {
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    EXP[i + 255] = x;
    LOG[x] = i;
    // x * 3 = x * 2 + x; doubling reduces by 0x11b when the top bit falls out.
    const doubled = (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    x = doubled ^ x;
  }
})();

function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

function gfDiv(a: number, b: number): number {
  if (a === 0) return 0;
  return EXP[LOG[a]! + 255 - LOG[b]!]!;
}

function checkThreshold(threshold: number, count: number): void {
  if (!Number.isInteger(threshold) || !Number.isInteger(count) || threshold < 1 || threshold > count || count > SHAMIR_MAX_SHARES) {
    throw new ShamirError('SHAMIR_BAD_PARAMS', `need 1 <= threshold <= count <= ${SHAMIR_MAX_SHARES}`, { threshold, count });
  }
}

/** Splits a 32-byte secret into `count` shares, any `threshold` of which recover it. */
export function splitSecret(secret: Uint8Array, threshold: number, count: number, seed: Uint8Array): Share[] {
  checkThreshold(threshold, count);
  if (!(secret instanceof Uint8Array) || secret.length !== SHAMIR_SECRET_BYTES) {
    throw new ShamirError('SHAMIR_BAD_PARAMS', `the secret must be ${SHAMIR_SECRET_BYTES} bytes`, {
      gotBytes: secret instanceof Uint8Array ? secret.length : null,
    });
  }
  if (!(seed instanceof Uint8Array) || seed.length !== SHAMIR_SEED_BYTES) {
    throw new ShamirError('SHAMIR_BAD_PARAMS', `the seed must be ${SHAMIR_SEED_BYTES} bytes`, {
      gotBytes: seed instanceof Uint8Array ? seed.length : null,
    });
  }
  const width = secret.length;
  const degree = threshold - 1;
  const coefficients =
    degree === 0 ? new Uint8Array(0) : new Uint8Array(hkdfSync('sha256', seed, new Uint8Array(0), SHAMIR_COEFFICIENTS_INFO, degree * width));
  const shares: Share[] = [];
  for (let x = 1; x <= count; x++) {
    const value = new Uint8Array(width);
    for (let b = 0; b < width; b++) {
      // Horner from the highest coefficient down to the secret byte (the constant term).
      let y = 0;
      for (let j = degree; j >= 1; j--) y = gfMul(y, x) ^ coefficients[(j - 1) * width + b]!;
      value[b] = gfMul(y, x) ^ secret[b]!;
    }
    shares.push({ index: x, value });
  }
  coefficients.fill(0);
  return shares;
}

function checkShares(shares: Share[], threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > SHAMIR_MAX_SHARES) {
    throw new ShamirError('SHAMIR_BAD_PARAMS', `need 1 <= threshold <= ${SHAMIR_MAX_SHARES}`, { threshold });
  }
  if (!Array.isArray(shares) || shares.length < threshold) {
    throw new ShamirError('SHAMIR_TOO_FEW_SHARES', `need at least ${threshold} shares`, {
      threshold,
      got: Array.isArray(shares) ? shares.length : null,
    });
  }
  const seen = new Set<number>();
  const width = shares[0]!.value?.length;
  for (const share of shares) {
    if (!Number.isInteger(share.index) || share.index < 1 || share.index > SHAMIR_MAX_SHARES) {
      throw new ShamirError('SHAMIR_BAD_INDEX', `a share index must be 1..${SHAMIR_MAX_SHARES}`, { index: share.index });
    }
    if (seen.has(share.index)) {
      throw new ShamirError('SHAMIR_DUPLICATE_INDEX', 'two shares have the same index', { index: share.index });
    }
    seen.add(share.index);
    if (!(share.value instanceof Uint8Array) || share.value.length === 0 || share.value.length !== width) {
      throw new ShamirError('SHAMIR_BAD_SHARE', 'share values must be non-empty and of equal length', {
        index: share.index,
        gotBytes: share.value instanceof Uint8Array ? share.value.length : null,
        wantBytes: width,
      });
    }
  }
}

/**
 * The secret from at least `threshold` shares (Lagrange interpolation at x = 0). A wrong share
 * gives a wrong secret, not an error: check the result against the published keyCheck.
 */
export function combineShares(shares: Share[], threshold: number): Uint8Array {
  checkShares(shares, threshold);
  const width = shares[0]!.value.length;
  const secret = new Uint8Array(width);
  for (let i = 0; i < shares.length; i++) {
    // Lagrange basis at 0: prod over j != i of x_j / (x_j - x_i); minus is xor in GF(2^8).
    let basis = 1;
    const xi = shares[i]!.index;
    for (let j = 0; j < shares.length; j++) {
      if (j === i) continue;
      const xj = shares[j]!.index;
      basis = gfMul(basis, gfDiv(xj, xj ^ xi));
    }
    const value = shares[i]!.value;
    for (let b = 0; b < width; b++) secret[b]! ^= gfMul(value[b]!, basis);
  }
  return secret;
}
