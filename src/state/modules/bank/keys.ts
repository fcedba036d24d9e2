// State keys of the bank module, all under prefix 0x02.
import { lengthPrefixed, prefixed } from '../../store/kv.js';

export const BANK_PREFIX = 0x02;
const BALANCE = Uint8Array.of(0x01);
const SUPPLY = Uint8Array.of(0x02);
const enc = new TextEncoder();

export const balanceKey = (address: Uint8Array, denom: string): Uint8Array =>
  prefixed(BANK_PREFIX, BALANCE, lengthPrefixed(address), enc.encode(denom));
export const balancesPrefix = (address: Uint8Array): Uint8Array => prefixed(BANK_PREFIX, BALANCE, lengthPrefixed(address));
export const supplyKey = (denom: string): Uint8Array => prefixed(BANK_PREFIX, SUPPLY, enc.encode(denom));
export const supplyPrefix = (): Uint8Array => prefixed(BANK_PREFIX, SUPPLY);
