import { ripemd160, sha256 } from '../../../src/crypto/hash.js';
import { ripemd160 as nobleRipemd } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha } from '@noble/hashes/sha2.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('hash', () => {
  it('sha256 matches the standard test vector', () => {
    expect(hex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('ripemd160 matches the standard test vectors', () => {
    expect(hex(ripemd160(utf8('')))).toBe('9c1185a5c5e9fc54612808977ee8f548b2258d31');
    expect(hex(ripemd160(utf8('abc')))).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
  });

  it('agrees with @noble/hashes on random input', () => {
    for (let n = 0; n < 50; n++) {
      const data = new Uint8Array(n * 7).map((_, i) => (i * 31 + n) & 0xff);
      expect(hex(sha256(data))).toBe(hex(nobleSha(data)));
      expect(hex(ripemd160(data))).toBe(hex(nobleRipemd(data)));
    }
  });

  it('returns plain Uint8Arrays of the right length', () => {
    expect(sha256(new Uint8Array())).toHaveLength(32);
    expect(ripemd160(new Uint8Array())).toHaveLength(20);
  });
});
