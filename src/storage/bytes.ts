// Byte helpers for storage keys: fixed-width big-endian integers sort in numeric order.
import { StorageError } from './errors.js';
import { hexOf } from '../util/bytesText.js';
import { readU32, writeU32 } from '../util/bytes.js';

const U64_MAX = (1n << 64n) - 1n;

// Big-endian integers by hand (util/bytes.ts says why), not through a DataView.

export function u64be(n: bigint): Uint8Array {
  if (n < 0n || n > U64_MAX) throw new StorageError('STORAGE_BAD_ARGUMENT', 'integer out of u64 range', { n: n.toString() });
  const out = new Uint8Array(8);
  writeU32(out, 0, Number(n >> 32n));
  writeU32(out, 4, Number(n & 0xffffffffn));
  return out;
}

export function readU64be(bytes: Uint8Array, offset = 0): bigint {
  if (bytes.length < offset + 8) throw new StorageError('STORAGE_CORRUPT_RECORD', 'u64 field truncated');
  return (BigInt(readU32(bytes, offset)) << 32n) | BigInt(readU32(bytes, offset + 4));
}

export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new StorageError('STORAGE_BAD_ARGUMENT', 'integer out of u32 range', { n });
  const out = new Uint8Array(4);
  writeU32(out, 0, n);
  return out;
}

export function readU32be(bytes: Uint8Array, offset = 0): number {
  if (bytes.length < offset + 4) throw new StorageError('STORAGE_CORRUPT_RECORD', 'u32 field truncated');
  return readU32(bytes, offset);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export { bytesEqual, compareBytes, writeU32 } from '../util/bytes.js';

/** The smallest key greater than every key starting with `prefix`; undefined if there is none (all 0xff). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const out = prefix.slice(0, i + 1);
      out[i]! += 1;
      return out;
    }
  }
  return undefined;
}

export function toHex(bytes: Uint8Array): string {
  return hexOf(bytes);
}

/** A plain Uint8Array copy (LevelDB hands out Buffers that may share a pool). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}
