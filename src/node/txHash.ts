import { createHash } from 'node:crypto';

/** A tx's hash as CometBFT defines it: SHA-256 of the TxRaw bytes (node:crypto: fast path). */
export function txHashBytes(tx: Uint8Array): Uint8Array {
  return createHash('sha256').update(tx).digest();
}
