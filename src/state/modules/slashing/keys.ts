// State keys of the slashing module, all under prefix 0x05.
import { prefixed } from '../../store/kv.js';

export const SLASHING_PREFIX = 0x05;
const SIGNING_INFO = Uint8Array.of(0x01);
const MISSED = Uint8Array.of(0x02);
const PARAMS = Uint8Array.of(0x03);

export const signingInfoKey = (consAddress: Uint8Array): Uint8Array => prefixed(SLASHING_PREFIX, SIGNING_INFO, consAddress);
export const signingInfoPrefix = (): Uint8Array => prefixed(SLASHING_PREFIX, SIGNING_INFO);
/** One key per missed block of the window (absent = signed), like the SDK's bitmap chunks. */
export const missedBlockKey = (consAddress: Uint8Array, index: bigint): Uint8Array => {
  const i = new Uint8Array(8);
  new DataView(i.buffer).setBigUint64(0, index);
  return prefixed(SLASHING_PREFIX, MISSED, consAddress, i);
};
export const paramsKey = (): Uint8Array => prefixed(SLASHING_PREFIX, PARAMS);
