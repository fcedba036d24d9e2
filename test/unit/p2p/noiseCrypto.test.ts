// The node's noise cipher must put the very bytes of @libp2p/noise's own on the wire (peers run
// stock libp2p), and its output must open with the stock decryption; tampering must still fail.
import { randomBytes } from 'node:crypto';
import { defaultCrypto } from '@libp2p/noise/crypto';
import { Uint8ArrayList } from 'uint8arraylist';
import { noiseCrypto } from '../../../src/p2p/noiseCrypto.js';

const key = randomBytes(32);
const nonce = Uint8Array.from([0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
const ad = randomBytes(32);
const flat = (x: Uint8Array | Uint8ArrayList): Buffer => Buffer.from(x instanceof Uint8Array ? x : x.subarray());

describe('noiseCrypto (transport messages sealed without the concatenation copy)', () => {
  it.each([0, 1, 1199, 1200, 16_384, 65_519])('seals %i bytes exactly as @libp2p/noise does, and opens with its decryption', (size) => {
    const plaintext = randomBytes(size);
    const ours = noiseCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key);
    const stock = defaultCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key);
    expect(flat(ours).equals(flat(stock))).toBe(true);
    expect(ours.byteLength).toBe(size + 16);
    expect(flat(defaultCrypto.chaCha20Poly1305Decrypt(flat(ours), nonce, ad, key)).equals(plaintext)).toBe(true);
  });

  it('seals a plaintext given in parts (a Uint8ArrayList) like the same bytes in one array', () => {
    const parts = [randomBytes(5000), randomBytes(1), randomBytes(40_000)];
    const ours = noiseCrypto.chaCha20Poly1305Encrypt(new Uint8ArrayList(...parts), nonce, ad, key);
    expect(flat(ours).equals(flat(defaultCrypto.chaCha20Poly1305Encrypt(Buffer.concat(parts), nonce, ad, key)))).toBe(true);
  });

  it('produces a message the stock decryption refuses once a byte, the nonce or the associated data differ', () => {
    const sealed = flat(noiseCrypto.chaCha20Poly1305Encrypt(randomBytes(20_000), nonce, ad, key));
    const flipped = Buffer.from(sealed);
    flipped[123] ^= 1;
    expect(() => defaultCrypto.chaCha20Poly1305Decrypt(flipped, nonce, ad, key)).toThrow();
    expect(() => defaultCrypto.chaCha20Poly1305Decrypt(sealed, Uint8Array.from(nonce, (b, i) => (i === 4 ? b + 1 : b)), ad, key)).toThrow();
    expect(() => defaultCrypto.chaCha20Poly1305Decrypt(sealed, nonce, randomBytes(32), key)).toThrow();
  });

  it.each([32, 0])('derives the same three HKDF keys as @libp2p/noise from a %i-byte input (node:crypto for @noble/hashes)', (ikmBytes) => {
    const ck = randomBytes(32);
    const ikm = randomBytes(ikmBytes);
    const ours = noiseCrypto.getHKDF(ck, ikm).map((k) => Buffer.from(k));
    const stock = defaultCrypto.getHKDF(ck, ikm).map((k) => Buffer.from(k));
    expect(ours.map((k) => k.length)).toEqual([32, 32, 32]);
    expect(ours).toEqual(stock);
    expect(ours[0]!.equals(ours[1]!)).toBe(false);
  });
});
