// State keys of the bank module, all under prefix 0x02.
import { lengthPrefixed, prefixed } from '../../store/kv.js';

export const BANK_PREFIX = 0x02;
const BALANCE = Uint8Array.of(0x01);
const SUPPLY = Uint8Array.of(0x02);
const enc = new TextEncoder();

// Every transfer builds balance keys for the same few denoms: encode each denom once.
const denoms = new Map<string, Uint8Array>();
const MAX_DENOMS = 1024;

function denomBytes(denom: string): Uint8Array {
  let d = denoms.get(denom);
  if (!d) {
    if (denoms.size >= MAX_DENOMS) denoms.clear();
    denoms.set(denom, (d = enc.encode(denom)));
  }
  return d;
}

/** prefix || 0x01 || len(address) || address || denom, in one allocation (the hottest state key). */
export function balanceKey(address: Uint8Array, denom: string): Uint8Array {
  if (address.length > 255) throw new Error('key component longer than 255 bytes');
  const d = denomBytes(denom);
  const out = new Uint8Array(3 + address.length + d.length);
  out[0] = BANK_PREFIX;
  out[1] = BALANCE[0]!;
  out[2] = address.length;
  out.set(address, 3);
  out.set(d, 3 + address.length);
  return out;
}
export const balancesPrefix = (address: Uint8Array): Uint8Array => prefixed(BANK_PREFIX, BALANCE, lengthPrefixed(address));
export const supplyKey = (denom: string): Uint8Array => prefixed(BANK_PREFIX, SUPPLY, denomBytes(denom));
export const supplyPrefix = (): Uint8Array => prefixed(BANK_PREFIX, SUPPLY);
