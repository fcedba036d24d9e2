// State keys of the auth module, all under prefix 0x01.
import { prefixed } from '../../store/kv.js';

export const AUTH_PREFIX = 0x01;
const ACCOUNT = Uint8Array.of(0x01);
const NEXT_ACCOUNT_NUMBER = Uint8Array.of(0x02);
const PARAMS = Uint8Array.of(0x03);

export const accountKey = (address: Uint8Array): Uint8Array => prefixed(AUTH_PREFIX, ACCOUNT, address);
export const accountPrefix = (): Uint8Array => prefixed(AUTH_PREFIX, ACCOUNT);
export const nextAccountNumberKey = (): Uint8Array => prefixed(AUTH_PREFIX, NEXT_ACCOUNT_NUMBER);
export const paramsKey = (): Uint8Array => prefixed(AUTH_PREFIX, PARAMS);
