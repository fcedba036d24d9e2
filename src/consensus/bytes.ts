// Small byte helpers used across consensus (deterministic, no allocation surprises).

export { bytesEqual, compareBytes } from '../util/bytes.js';

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex').toUpperCase();
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
