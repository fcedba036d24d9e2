// Cosmos secp256k1 verification on node:crypto, shared by the main thread (secp256k1.ts) and
// the verify workers (verifyWorker.mjs). Plain JavaScript so a worker loads it without a TS loader.
// Contract: never throws; anything malformed or non-canonical verifies as false.
import { createPublicKey, verify } from 'node:crypto';

// Curve order n of secp256k1 and n/2: Cosmos accepts only low-S signatures (s <= n/2),
// otherwise (r, n-s) would be a second valid signature for the same tx (malleability).
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;

// DER SubjectPublicKeyInfo header for an id-ecPublicKey on secp256k1 with a 33-byte compressed
// point; OpenSSL decompresses and checks the point is on the curve.
const SPKI_PREFIX = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex');

const CACHE_CAPACITY = 4096;
const keyCache = new Map();

// Byte arrays from any realm (jest vm contexts, Buffers): instanceof alone is not enough.
function isBytes(x) {
  return ArrayBuffer.isView(x) && x.BYTES_PER_ELEMENT === 1;
}

function readScalar(sig, offset) {
  let v = 0n;
  for (let i = offset; i < offset + 32; i++) v = (v << 8n) | BigInt(sig[i]);
  return v;
}

/** True when the 64-byte r||s signature has 0 < r < n and 0 < s <= n/2. */
export function isLowS(sig64) {
  if (!isBytes(sig64) || sig64.length !== 64) return false;
  const r = readScalar(sig64, 0);
  const s = readScalar(sig64, 32);
  return r > 0n && r < N && s > 0n && s <= HALF_N;
}

/** Imports a compressed public key once; later calls reuse the KeyObject (import is costly). */
export function publicKeyObject(pubkey33) {
  if (!isBytes(pubkey33) || pubkey33.length !== 33) return null;
  if (pubkey33[0] !== 0x02 && pubkey33[0] !== 0x03) return null;
  const id = Buffer.from(pubkey33.buffer, pubkey33.byteOffset, 33).toString('latin1');
  const hit = keyCache.get(id);
  if (hit !== undefined) {
    // Refresh recency: Maps iterate in insertion order, so the first key is the least recent.
    keyCache.delete(id);
    keyCache.set(id, hit);
    return hit;
  }
  let key = null;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pubkey33]), format: 'der', type: 'spki' });
  } catch {
    key = null; // not a point on the curve
  }
  if (keyCache.size >= CACHE_CAPACITY) keyCache.delete(keyCache.keys().next().value);
  keyCache.set(id, key);
  return key;
}

/** Verifies a Cosmos signature: r||s over SHA-256(message), low-S only. */
export function verifySecp256k1(pubkey33, message, sig64) {
  if (!isBytes(message) || !isLowS(sig64)) return false;
  const key = publicKeyObject(pubkey33);
  if (key === null) return false;
  try {
    // node:crypto: ~4x faster than @noble/curves with a reused KeyObject.
    return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, sig64);
  } catch {
    return false;
  }
}
