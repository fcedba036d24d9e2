// cosmjs-types' BinaryReader.string decodes UTF-8 in JS: one array element per character,
// then a slice and a spread into String.fromCharCode. That was ~5% of a validator's
// allocations under load (a tx carries a dozen strings). Node's native decoder returns the
// same text for valid UTF-8, and every tx reaches these decoders only after checkWire has
// refused invalid UTF-8 (as the Cosmos SDK does).
import { BinaryReader } from 'cosmjs-types/binary';
import { utf8Of } from '../util/bytesText.js';

const R = BinaryReader as unknown as { prototype: { string(): string; bytes(): Uint8Array }; nativeStrings?: boolean };
if (!R.nativeStrings) {
  R.prototype.string = function string(this: { bytes(): Uint8Array }): string {
    return utf8Of(this.bytes());
  };
  R.nativeStrings = true;
}
export {};
