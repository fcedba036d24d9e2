// ECIES to X25519: round trips, the exact wire format (checked with independent @noble code),
// and every way a blob or a key can be wrong.
import { createDecipheriv, randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ECIES_OVERHEAD,
  EciesError,
  openSealed,
  sealTo,
  x25519Keypair,
  x25519PublicOf,
} from '../../../src/crypto/ecies.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const CTX = `custody-share/${'ab'.repeat(32)}/3`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EciesError);
    return (err as EciesError).code;
  }
  return undefined;
}

describe('ecies', () => {
  const alice = x25519Keypair();

  it('makes 32-byte keys whose public half matches an independent X25519', () => {
    expect(alice.publicKey.length).toBe(32);
    expect(alice.privateKey.length).toBe(32);
    expect(Buffer.from(x25519.getPublicKey(alice.privateKey)).equals(alice.publicKey)).toBe(true);
    const priv = new Uint8Array(randomBytes(32));
    expect(Buffer.from(x25519PublicOf(priv)).equals(x25519.getPublicKey(priv))).toBe(true);
    expect(Buffer.from(x25519Keypair().privateKey).equals(alice.privateKey)).toBe(false);
  });

  it('round-trips plaintexts of several sizes, adding exactly ECIES_OVERHEAD bytes', () => {
    expect(ECIES_OVERHEAD).toBe(48);
    for (const size of [0, 1, 32, 1000]) {
      const plain = new Uint8Array(randomBytes(size));
      const sealed = sealTo(alice.publicKey, plain, CTX);
      expect(sealed.length).toBe(size + ECIES_OVERHEAD);
      expect(Buffer.from(openSealed(alice.privateKey, sealed, CTX)).equals(plain)).toBe(true);
    }
  });

  it('follows the documented format: eph_pub || AES-256-GCM(HKDF(X25519, eph_pub||pub, info)) || tag', () => {
    const plain = new Uint8Array(randomBytes(32));
    const sealed = sealTo(alice.publicKey, plain, CTX);
    const ephPub = sealed.subarray(0, 32);
    const shared = x25519.getSharedSecret(alice.privateKey, ephPub);
    const salt = new Uint8Array([...ephPub, ...alice.publicKey]);
    const okm = hkdf(sha256, shared, salt, utf8(`seedcast/ecies/v1/${CTX}`), 44);
    const decipher = createDecipheriv('aes-256-gcm', okm.subarray(0, 32), okm.subarray(32));
    decipher.setAAD(utf8(CTX));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const opened = Buffer.concat([decipher.update(sealed.subarray(32, sealed.length - 16)), decipher.final()]);
    expect(opened.equals(plain)).toBe(true);
  });

  it('uses a fresh ephemeral key each time', () => {
    const plain = utf8('same');
    const a = sealTo(alice.publicKey, plain, CTX);
    const b = sealTo(alice.publicKey, plain, CTX);
    expect(Buffer.from(a).equals(b)).toBe(false);
  });

  it('does not open under another context, another key, or after any byte flips', () => {
    const sealed = sealTo(alice.publicKey, utf8('a key bundle'), 'key-bundle/7');
    expect(codeOf(() => openSealed(alice.privateKey, sealed, 'key-bundle/8'))).toBe('ECIES_OPEN_FAILED');
    expect(codeOf(() => openSealed(x25519Keypair().privateKey, sealed, 'key-bundle/7'))).toBe('ECIES_OPEN_FAILED');
    for (const at of [0, 31, 32, sealed.length - 17, sealed.length - 1]) {
      const bad = Uint8Array.from(sealed);
      bad[at]! ^= 0x01;
      expect(codeOf(() => openSealed(alice.privateKey, bad, 'key-bundle/7'))).toBe('ECIES_OPEN_FAILED');
    }
    expect(codeOf(() => openSealed(alice.privateKey, sealed.subarray(0, sealed.length - 1), 'key-bundle/7'))).toBe('ECIES_OPEN_FAILED');
  });

  it('refuses short blobs and wrong-sized keys, without key bytes in the error', () => {
    expect(codeOf(() => openSealed(alice.privateKey, new Uint8Array(47), CTX))).toBe('ECIES_TOO_SHORT');
    expect(codeOf(() => sealTo(new Uint8Array(31), utf8('x'), CTX))).toBe('ECIES_BAD_KEY');
    expect(codeOf(() => openSealed(new Uint8Array(33), new Uint8Array(48), CTX))).toBe('ECIES_BAD_KEY');
    expect(codeOf(() => x25519PublicOf(new Uint8Array(0)))).toBe('ECIES_BAD_KEY');
    const sealed = sealTo(alice.publicKey, utf8('x'), CTX);
    let thrown = false;
    try {
      openSealed(alice.privateKey, sealed, 'other');
    } catch (err) {
      thrown = true;
      const text = `${(err as Error).message} ${JSON.stringify((err as EciesError).context)}`;
      expect(text).not.toContain(Buffer.from(alice.privateKey).toString('hex'));
      expect(text).not.toContain(Buffer.from(alice.privateKey).toString('base64'));
    }
    expect(thrown).toBe(true);
  });

  it('rejects low-order public keys (all-zero shared secret)', () => {
    const lowOrder = [new Uint8Array(32), Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))];
    for (const pub of lowOrder) {
      expect(codeOf(() => sealTo(pub, utf8('x'), CTX))).toBe('ECIES_BAD_KEY');
      const forged = new Uint8Array(64);
      forged.set(pub, 0);
      expect(codeOf(() => openSealed(alice.privateKey, forged, CTX))).toBe('ECIES_OPEN_FAILED');
    }
  });

  it('seals and opens thousands of times per second (measured, logged)', () => {
    const plain = new Uint8Array(32);
    const rounds = 2000;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) openSealed(alice.privateKey, sealTo(alice.publicKey, plain, CTX), CTX);
    const perSecond = Math.round(rounds / ((performance.now() - started) / 1000));
    console.log(`ecies: ${perSecond} seal+open per second (32-byte plaintext)`);
    expect(perSecond).toBeGreaterThan(0);
  });
});
