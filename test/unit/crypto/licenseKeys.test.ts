// Known answers for the issue-5 derivations, computed independently with @noble/hashes, so the
// formats (info strings, salts, u64 big-endian license numbers) cannot drift silently.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ContentKeyError,
  contentKey,
  custodyPolynomialSeed,
  keyCheck,
  licenseKey,
  shareMark,
} from '../../../src/crypto/contentKeys.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const u64 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, false);
  return out;
};

const master = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const contentId = Uint8Array.from({ length: 32 }, (_, i) => 0xff - i);
const share = Uint8Array.from({ length: 32 }, (_, i) => (i * 7) & 0xff);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContentKeyError);
    return (err as ContentKeyError).code;
  }
  return undefined;
}

describe('license and custody derivations', () => {
  it('licenseKey = HKDF(M, salt = content id, info || n u64 BE), distinct per n', () => {
    for (const n of [1n, 2n, 256n, (1n << 64n) - 1n]) {
      const want = hkdf(sha256, master, contentId, concat(utf8('seedcast/license-key/v1'), u64(n)), 32);
      expect(hex(licenseKey(master, contentId, n))).toBe(hex(want));
    }
    expect(hex(licenseKey(master, contentId, 1n))).not.toBe(hex(licenseKey(master, contentId, 2n)));
    const otherContent = Uint8Array.from(contentId);
    otherContent[0] ^= 1;
    expect(hex(licenseKey(master, otherContent, 1n))).not.toBe(hex(licenseKey(master, contentId, 1n)));
  });

  it('keyCheck = HKDF(K, empty salt, "seedcast/key-check/v1"), and is not K', () => {
    const key = contentKey(master);
    const want = hkdf(sha256, key, new Uint8Array(0), utf8('seedcast/key-check/v1'), 32);
    expect(hex(keyCheck(key))).toBe(hex(want));
    expect(hex(keyCheck(key))).not.toBe(hex(key));
  });

  it('custodyPolynomialSeed = HKDF(M, salt = content id, "seedcast/custody-poly/v1")', () => {
    const want = hkdf(sha256, master, contentId, utf8('seedcast/custody-poly/v1'), 32);
    expect(hex(custodyPolynomialSeed(master, contentId))).toBe(hex(want));
  });

  it('shareMark = HMAC-SHA256(share, label || content id || n u64 BE)', () => {
    for (const n of [1n, 42n]) {
      const want = hmac(sha256, share, concat(utf8('seedcast/share-mark/v1'), contentId, u64(n)));
      expect(hex(shareMark(share, contentId, n))).toBe(hex(want));
    }
    expect(hex(shareMark(share, contentId, 1n))).not.toBe(hex(shareMark(share, contentId, 2n)));
  });

  it('pins one vector as literal hex, so a change in both code and test still shows', () => {
    expect(hex(licenseKey(master, contentId, 1n))).toBe(LICENSE_KEY_1);
  });

  it('refuses wrong sizes and license numbers outside u64', () => {
    expect(codeOf(() => licenseKey(master.subarray(1), contentId, 1n))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => licenseKey(master, contentId.subarray(1), 1n))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => licenseKey(master, contentId, -1n))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => licenseKey(master, contentId, 1n << 64n))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => licenseKey(master, contentId, 1 as unknown as bigint))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => keyCheck(new Uint8Array(16)))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => custodyPolynomialSeed(master, new Uint8Array(31)))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => shareMark(new Uint8Array(33), contentId, 1n))).toBe('CONTENT_KEY_BAD_INPUT');
    expect(codeOf(() => shareMark(share, contentId, -5n))).toBe('CONTENT_KEY_BAD_INPUT');
  });
});

const LICENSE_KEY_1 = 'af839bc48b782c6bc822b03e77c3c8acae781d0ffcc5bb614b6d2181dcdc5441';
