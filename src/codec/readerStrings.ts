// cosmjs-types' BinaryReader.string decodes UTF-8 in JS: one array element per character,
// then a slice and a spread into String.fromCharCode. That was ~5% of a validator's
// allocations under load (a tx carries a dozen strings). Node's native decoder returns the
// same text for valid UTF-8, and every tx reaches these decoders only after checkWire has
// refused invalid UTF-8 (as the Cosmos SDK does).
import { BinaryReader } from 'cosmjs-types/binary';

const R = BinaryReader as unknown as { prototype: { string(): string; bytes(): Uint8Array }; nativeStrings?: boolean };
if (!R.nativeStrings) {
  R.prototype.string = function string(this: { bytes(): Uint8Array }): string {
    const b = this.bytes();
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  };
  R.nativeStrings = true;
}
export {};
