// Hashes used by accounts and txs. node:crypto on the hot path (~12x faster than pure JS here),
// through its one-shot `hash` (no Hash object per call: 2-3x cheaper for tx-sized inputs). The
// digest comes back as latin1 ("binary") text, copied into a 32-byte array: a Buffer digest
// costs a malloc'd backing store per hash, twice the CPU of a short hash itself (measured).
import { createHash, getHashes, hash } from 'node:crypto';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';
import { hexOf, latin1Bytes } from '../util/bytesText.js';

export function sha256(bytes: Uint8Array): Uint8Array {
  return latin1Bytes(hash('sha256', bytes, 'binary'));
}

// Inputs made of parts are laid end to end in a reused scratch buffer and hashed one-shot: no
// Hash object and no concatenation per call (hashing is synchronous, so nothing else touches the
// scratch meanwhile). Merkle nodes and signature-cache keys hash this way on every tx.
const SCRATCH_MAX = 64 * 1024;
let scratch = new Uint8Array(1024);

/** sha256 of the parts' concatenation: bytes, or text in `encoding`. */
export function sha256Concat(parts: readonly Uint8Array[]): Uint8Array;
export function sha256Concat(parts: readonly Uint8Array[], encoding: 'base64' | 'hex'): string;
export function sha256Concat(parts: readonly Uint8Array[], encoding?: 'base64' | 'hex'): Uint8Array | string {
  let len = 0;
  for (const p of parts) len += p.length;
  if (scratch.length < len && len <= SCRATCH_MAX) scratch = new Uint8Array(SCRATCH_MAX);
  const buf = len <= scratch.length ? scratch : new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  const input = buf.subarray(0, len);
  return encoding ? hash('sha256', input, encoding) : latin1Bytes(hash('sha256', input, 'binary'));
}

// A tx's hash is wanted at broadcast, admission, decoding, proposal, execution and indexing, and
// the same bytes object travels through all of them: hash it once per object, and build its hex
// text (the mempool's and gossip's key) once too. Tx bytes are never written to once received,
// so a remembered hash cannot go stale.
interface TxHashes {
  hash: Uint8Array;
  hex?: string;
}
const txHashes = new WeakMap<Uint8Array, TxHashes>();

function hashesOf(tx: Uint8Array): TxHashes {
  let h = txHashes.get(tx);
  if (h === undefined) {
    h = { hash: sha256(tx) };
    txHashes.set(tx, h);
  }
  return h;
}

/** CometBFT's tx hash: SHA-256 of the TxRaw bytes (remembered per bytes object). */
export function txHash(tx: Uint8Array): Uint8Array {
  return hashesOf(tx).hash;
}

/** txHash as uppercase hex (CometBFT's tx hash text), remembered likewise. */
export function txHashHex(tx: Uint8Array): string {
  const h = hashesOf(tx);
  return (h.hex ??= hexOf(h.hash).toUpperCase());
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
