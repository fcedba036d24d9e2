import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { isLowS, secp256k1Backend, verifySecp256k1 } from '../../../src/crypto/secp256k1.js';
import { verifyWithLibsecp256k1, verifyWithNodeCrypto } from '../../../src/crypto/secp256k1Core.mjs';

type Verify = (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => boolean;
const libsecp256k1: Verify = (pk, msg, sig) => {
  const verdict = verifyWithLibsecp256k1(pk, msg, sig);
  if (verdict === null) throw new Error('the libsecp256k1 addon did not load');
  return verdict;
};

const N = secp256k1.Point.CURVE().n;

function keyPair(): { sk: Uint8Array; pk: Uint8Array } {
  const sk = secp256k1.utils.randomSecretKey();
  return { sk, pk: secp256k1.getPublicKey(sk, true) };
}

function toBytes32(v: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
}

/** The malleated twin (r, n - s): valid as ECDSA, but high-S. */
function highS(sig: Uint8Array): Uint8Array {
  const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
  const out = Uint8Array.from(sig);
  out.set(toBytes32(N - s), 32);
  return out;
}

it('verifies with libsecp256k1 on this platform (linux-x64 ships its prebuilt addon)', () => {
  expect(secp256k1Backend).toBe('libsecp256k1');
  expect(verifySecp256k1).toBe(verifyWithLibsecp256k1);
});

// Both backends must give the same verdict on every input: a node falling back to node:crypto
// must never accept or refuse a tx its peers judge otherwise.
describe.each([
  ['libsecp256k1', libsecp256k1],
  ['node:crypto', verifyWithNodeCrypto],
] as [string, Verify][])('verifySecp256k1 with %s', (_name, verifySecp256k1) => {
  const { sk, pk } = keyPair();
  const msg = new TextEncoder().encode('sign bytes of a tx');
  const sig = secp256k1.sign(msg, sk); // sha256 prehash, low-S: as Cosmos signs

  it('accepts a valid low-S signature over SHA-256(message)', () => {
    expect(isLowS(sig)).toBe(true);
    expect(verifySecp256k1(pk, msg, sig)).toBe(true);
    // Twice: node:crypto's second call goes through its KeyObject cache.
    expect(verifySecp256k1(pk, msg, sig)).toBe(true);
  });

  it('rejects the high-S twin of a valid signature', () => {
    const twin = highS(sig);
    // Prove the twin is a mathematically valid ECDSA signature, so only the low-S rule rejects it.
    expect(secp256k1.verify(twin, msg, pk, { lowS: false })).toBe(true);
    expect(isLowS(twin)).toBe(false);
    expect(verifySecp256k1(pk, msg, twin)).toBe(false);
  });

  it('rejects a wrong message, a wrong key and a flipped bit', () => {
    expect(verifySecp256k1(pk, new TextEncoder().encode('other'), sig)).toBe(false);
    expect(verifySecp256k1(keyPair().pk, msg, sig)).toBe(false);
    const flipped = Uint8Array.from(sig);
    flipped[10] ^= 1;
    expect(verifySecp256k1(pk, msg, flipped)).toBe(false);
  });

  it('returns false (never throws) for malformed keys and signatures', () => {
    const uncompressed = secp256k1.getPublicKey(sk, false);
    const notOnCurve = Uint8Array.from(pk);
    notOnCurve[0] = 0x02;
    notOnCurve.fill(0xff, 1);
    const cases: [Uint8Array, Uint8Array][] = [
      [new Uint8Array(0), sig],
      [pk.subarray(0, 32), sig],
      [uncompressed, sig],
      [Uint8Array.of(0x05, ...pk.subarray(1)), sig],
      [notOnCurve, sig],
      [pk, new Uint8Array(0)],
      [pk, sig.subarray(0, 63)],
      [pk, Uint8Array.of(...sig, 0)],
      [pk, new Uint8Array(64)], // r = s = 0
      [pk, new Uint8Array(64).fill(0xff)], // r, s >= n
    ];
    for (const [k, s] of cases) expect(verifySecp256k1(k, msg, s)).toBe(false);
    for (let i = 0; i < 200; i++) {
      expect(verifySecp256k1(Uint8Array.from(randomBytes(33)), msg, Uint8Array.from(randomBytes(64)))).toBe(false);
    }
  });

  it('isLowS checks range: s = n/2 is low, s = n/2 + 1 is high', () => {
    const half = N >> 1n;
    const at = (s: bigint) => Uint8Array.of(...toBytes32(1n), ...toBytes32(s));
    expect(isLowS(at(half))).toBe(true);
    expect(isLowS(at(half + 1n))).toBe(false);
    expect(isLowS(at(0n))).toBe(false);
    expect(isLowS(new Uint8Array(63))).toBe(false);
  });

  it('keeps verifying correctly when the key cache overflows', () => {
    const pairs = Array.from({ length: 20 }, () => keyPair());
    for (let round = 0; round < 2; round++) {
      for (const p of pairs) expect(verifySecp256k1(p.pk, msg, secp256k1.sign(msg, p.sk))).toBe(true);
    }
  });
});

it('libsecp256k1 and node:crypto agree on valid, tampered and high-S signatures', () => {
  const verdicts: [boolean, boolean][] = [];
  for (let i = 0; i < 100; i++) {
    const { sk, pk } = keyPair();
    const msg = Uint8Array.from(randomBytes(1 + (i % 300)));
    let sig: Uint8Array = secp256k1.sign(msg, sk);
    if (i % 3 === 1) sig = highS(sig);
    if (i % 3 === 2) sig[i % 64] ^= 1 << (i % 8);
    verdicts.push([libsecp256k1(pk, msg, sig), verifyWithNodeCrypto(pk, msg, sig)]);
  }
  for (const [a, b] of verdicts) expect(a).toBe(b);
  expect(verdicts.filter(([a]) => a).length).toBe(34); // the untampered third
});
