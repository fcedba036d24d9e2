// Byte-array comparisons shared by consensus, storage and the state machine.

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic order, like Go's bytes.Compare (LevelDB sorts keys the same way). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// Big-endian u32 by hand rather than through a DataView: a DataView over a fresh small array
// reads its `.buffer`, which makes V8 move the array off its heap (a malloc each time).

/** Writes n (0 <= n < 2^32) big-endian at offset; the caller checks bounds. */
export function writeU32(out: Uint8Array, offset: number, n: number): void {
  out[offset] = n >>> 24;
  out[offset + 1] = (n >>> 16) & 0xff;
  out[offset + 2] = (n >>> 8) & 0xff;
  out[offset + 3] = n & 0xff;
}

/** Reads a big-endian u32 at offset; the caller checks bounds. */
export function readU32(b: Uint8Array, offset: number): number {
  return ((b[offset]! << 24) >>> 0) + (b[offset + 1]! << 16) + (b[offset + 2]! << 8) + b[offset + 3]!;
}
