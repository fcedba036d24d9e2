// Small byte helpers used across consensus (deterministic, no allocation surprises).

import { hexOf } from '../util/bytesText.js';

export { bytesEqual, compareBytes } from '../util/bytes.js';

export function toHex(b: Uint8Array): string {
  return hexOf(b).toUpperCase();
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
