// Hashes used by accounts and txs. node:crypto on the hot path (~12x faster than pure JS here),
// through its one-shot `hash` (no Hash object per call: 2-3x cheaper for tx-sized inputs).
import { createHash, getHashes, hash } from 'node:crypto';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', bytes, 'buffer'));
}

// A tx's hash is wanted at broadcast, admission, decoding, proposal, execution and indexing, and
// the same bytes object travels through all of them: hash it once per object. Tx bytes are never
// written to once received, so a remembered hash cannot go stale.
const txHashes = new WeakMap<Uint8Array, Uint8Array>();

/** CometBFT's tx hash: SHA-256 of the TxRaw bytes (remembered per bytes object). */
export function txHash(tx: Uint8Array): Uint8Array {
  let h = txHashes.get(tx);
  if (h === undefined) {
    h = sha256(tx);
    txHashes.set(tx, h);
  }
  return h;
}

/** txHash as uppercase hex (CometBFT's tx hash text). */
export function txHashHex(tx: Uint8Array): string {
  const h = txHash(tx);
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('hex').toUpperCase();
}

// OpenSSL 3 builds may leave RIPEMD-160 in the legacy provider; fall back to @noble then.
const nativeRipemd = getHashes().includes('ripemd160') && probeRipemd();

function probeRipemd(): boolean {
  try {
    createHash('ripemd160').update('').digest();
    return true;
  } catch {
    return false;
  }
}

export function ripemd160(bytes: Uint8Array): Uint8Array {
  if (nativeRipemd) return new Uint8Array(createHash('ripemd160').update(bytes).digest());
  return nobleRipemd160(bytes);
}
