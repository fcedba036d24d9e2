// Text of a byte array (latin1, hex, base64, utf8) without wrapping it in a Buffer first.
//
// Why: V8 keeps typed arrays of up to 64 bytes inside the JS heap, and the first read of such
// an array's `.buffer` moves its bytes to a malloc'd backing store. The common
// `Buffer.from(u8.buffer, u8.byteOffset, u8.length).toString(...)` therefore costs a malloc, a
// free and GC bookkeeping for every state key, hash and address it is used on (~6x the cost of
// the conversion itself, measured). Buffer's native slice methods accept any Uint8Array as
// `this` and read small arrays in place.
type Slice = (this: Uint8Array, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as Record<'latin1Slice' | 'hexSlice' | 'base64Slice' | 'base64urlSlice' | 'utf8Slice', Slice>;
const latin1Slice = proto.latin1Slice;
const hexSlice = proto.hexSlice;
const base64Slice = proto.base64Slice;
const base64urlSlice = proto.base64urlSlice;
const utf8Slice = proto.utf8Slice;

/** One char per byte: string order is byte order, so it suits map keys that must sort. */
export const latin1Of = (b: Uint8Array): string => latin1Slice.call(b, 0, b.length);
export const hexOf = (b: Uint8Array): string => hexSlice.call(b, 0, b.length);
export const base64Of = (b: Uint8Array): string => base64Slice.call(b, 0, b.length);
export const base64urlOf = (b: Uint8Array): string => base64urlSlice.call(b, 0, b.length);
/** Invalid sequences become U+FFFD, as Buffer#toString('utf8') does. */
export const utf8Of = (b: Uint8Array): string => utf8Slice.call(b, 0, b.length);

/** The bytes of a latin1 string (every char below 256), in a fresh array. */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
