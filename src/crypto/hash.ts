// Hashes used by accounts and txs. node:crypto on the hot path (~12x faster than pure JS here).
import { createHash, getHashes } from 'node:crypto';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
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
