// Cosmos secp256k1 verification, shared by the main thread (secp256k1.ts) and the verify
// workers (verifyWorker.mjs). Plain JavaScript so a worker loads it without a TS loader.
// Contract: never throws; anything malformed or non-canonical verifies as false.
//
// Two backends, same verdicts (test/unit/crypto/secp256k1.test.ts runs both on one vector set):
// - libsecp256k1, Bitcoin Core's library, as the prebuilt addon of the `secp256k1` package:
//   ~15,000 verifies/s per core here, ~5x node:crypto (`npm run bench:verify`). Signature checks
//   bound the tx rate, so this is the default.
// - node:crypto (OpenSSL), ~3,000/s: the fallback when the addon cannot load on a platform, and
//   what SEEDCAST_SECP256K1=node selects (benchmarks compare the two in one run).
import { createPublicKey, hash, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Curve order n of secp256k1 and n/2, big-endian: Cosmos accepts only low-S signatures
// (s <= n/2), otherwise (r, n-s) would be a second valid signature for the same tx (malleability).
const N_BYTES = Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex');
const HALF_N_BYTES = Buffer.from('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0', 'hex');

// DER SubjectPublicKeyInfo header for an id-ecPublicKey on secp256k1 with a 33-byte compressed
// point; OpenSSL decompresses and checks the point is on the curve.
const SPKI_PREFIX = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex');

const CACHE_CAPACITY = 4096;
const keyCache = new Map();

function loadLibsecp256k1() {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('secp256k1/package.json'));
    const load = createRequire(join(pkgDir, 'package.json'))('node-gyp-build');
    // The raw addon, not the package's wrapper: the wrapper's instanceof checks fail for byte
    // arrays from another realm (jest contexts); the addon checks the typed-array kind natively.
    return new (load(pkgDir).Secp256k1)();
  } catch {
    return null;
  }
}

const libsecp256k1 = process.env.SEEDCAST_SECP256K1 === 'node' ? null : loadLibsecp256k1();

/** Which library verifies account signatures in this process. */
export const secp256k1Backend = libsecp256k1 ? 'libsecp256k1' : 'node:crypto';

// Byte arrays from any realm (jest vm contexts, Buffers): instanceof alone is not enough.
function isBytes(x) {
  return ArrayBuffer.isView(x) && x.BYTES_PER_ELEMENT === 1;
}

/** -1, 0 or 1 as the 32-byte big-endian scalar at sig[offset] is below, equal to or above ref. */
function compareScalar(sig, offset, ref) {
  for (let i = 0; i < 32; i++) {
    const d = sig[offset + i] - ref[i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function isZeroScalar(sig, offset) {
  for (let i = offset; i < offset + 32; i++) if (sig[i] !== 0) return false;
  return true;
}

/** True when the 64-byte r||s signature has 0 < r < n and 0 < s <= n/2. */
export function isLowS(sig64) {
  if (!isBytes(sig64) || sig64.length !== 64) return false;
  if (isZeroScalar(sig64, 0) || compareScalar(sig64, 0, N_BYTES) >= 0) return false;
  return !isZeroScalar(sig64, 32) && compareScalar(sig64, 32, HALF_N_BYTES) <= 0;
}

function isCompressedKey(pubkey33) {
  return isBytes(pubkey33) && pubkey33.length === 33 && (pubkey33[0] === 0x02 || pubkey33[0] === 0x03);
}

/** Imports a compressed public key once; later calls reuse the KeyObject (import is costly). */
function publicKeyObject(pubkey33) {
  if (!isCompressedKey(pubkey33)) return null;
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

/** node:crypto's verdict on a Cosmos signature: r||s over SHA-256(message), low-S only. */
export function verifyWithNodeCrypto(pubkey33, message, sig64) {
  if (!isBytes(message) || !isLowS(sig64)) return false;
  const key = publicKeyObject(pubkey33);
  if (key === null) return false;
  try {
    return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, sig64);
  } catch {
    return false;
  }
}

/** libsecp256k1's verdict on the same; null when the addon is not loaded. */
export function verifyWithLibsecp256k1(pubkey33, message, sig64) {
  if (libsecp256k1 === null) return null;
  if (!isBytes(message) || !isLowS(sig64) || !isCompressedKey(pubkey33)) return false;
  try {
    // 0 = valid; 1, 2, 3 = signature unparsable, key not on the curve, wrong signature.
    return libsecp256k1.ecdsaVerify(sig64, hash('sha256', message, 'buffer'), pubkey33) === 0;
  } catch {
    return false;
  }
}

/** Verifies a Cosmos signature: r||s over SHA-256(message), low-S only. */
export const verifySecp256k1 = libsecp256k1 ? verifyWithLibsecp256k1 : verifyWithNodeCrypto;
