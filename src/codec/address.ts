// Account addresses: bech32 with the `seed` prefix over ripemd160(sha256(compressed pubkey)),
// exactly as the Cosmos SDK derives secp256k1 account addresses.
import { fromBech32, toBech32 } from '@cosmjs/encoding';
import { ripemd160, sha256 } from '../crypto/hash.js';
import { AddressError, quote } from './errors.js';
import { latin1Of } from '../util/bytesText.js';

export const ACCOUNT_PREFIX = 'seed';
export const VALOPER_PREFIX = 'seedvaloper';
/** Accounts derived from a key are 20 bytes; module and contract accounts are 32. */
const VALID_LENGTHS = [20, 32];
/** BIP-173's limit: longer strings are not bech32 (and cosmjs refuses them too). */
const MAX_BECH32_LENGTH = 90;

export function addressFromPubkey(pubkey33: Uint8Array): Uint8Array {
  if (pubkey33.length !== 33 || (pubkey33[0] !== 0x02 && pubkey33[0] !== 0x03)) {
    throw new AddressError('ADDRESS_WRONG_LENGTH', `expected a 33-byte compressed secp256k1 public key, got ${pubkey33.length} bytes`);
  }
  return ripemd160(sha256(pubkey33));
}

// bech32 checksums cost more than the rest of a transfer's ante: every tx converts the same
// few addresses back and forth, so recent conversions are remembered (bounded), per prefix.
const MAX_CACHED = 50_000;
const textByBytes = new Map<string, Map<string, string>>();
const bytesByText = new Map<string, Map<string, Uint8Array>>();

function cacheFor<V>(caches: Map<string, Map<string, V>>, prefix: string): Map<string, V> {
  let cache = caches.get(prefix);
  if (!cache) caches.set(prefix, (cache = new Map()));
  else if (cache.size >= MAX_CACHED) cache.clear();
  return cache;
}

export function toBech32Address(bytes: Uint8Array, prefix = ACCOUNT_PREFIX): string {
  if (!VALID_LENGTHS.includes(bytes.length)) {
    throw new AddressError('ADDRESS_WRONG_LENGTH', `address must be 20 or 32 bytes, got ${bytes.length}`);
  }
  const cache = cacheFor(textByBytes, prefix);
  const key = latin1Of(bytes);
  let text = cache.get(key);
  if (text === undefined) cache.set(key, (text = toBech32(prefix, bytes)));
  return text;
}

/** Parses a bech32 address with the given prefix; throws AddressError saying what is wrong. */
export function fromBech32Address(address: string, prefix = ACCOUNT_PREFIX): Uint8Array {
  const cache = cacheFor(bytesByText, prefix);
  const hit = cache.get(address);
  if (hit) return hit.slice(); // a copy: callers may keep or change theirs
  const bytes = parseBech32Address(address, prefix);
  cache.set(address, bytes.slice());
  return bytes;
}

function parseBech32Address(address: string, prefix: string): Uint8Array {
  if (typeof address !== 'string' || address.length === 0) {
    throw new AddressError('ADDRESS_BAD_ENCODING', 'empty address string is not allowed');
  }
  if (address.length > MAX_BECH32_LENGTH) {
    throw new AddressError('ADDRESS_BAD_ENCODING', `address is ${address.length} characters long, at most ${MAX_BECH32_LENGTH}`);
  }
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address, MAX_BECH32_LENGTH); // explicit: cosmjs's default (Infinity) is refused by @scure/base 2.4
  } catch (err) {
    throw new AddressError('ADDRESS_BAD_ENCODING', `invalid bech32 address ${quote(address)}: ${(err as Error).message}`);
  }
  if (decoded.prefix !== prefix) {
    throw new AddressError('ADDRESS_WRONG_PREFIX', `invalid address prefix: expected ${quote(prefix)}, got ${quote(decoded.prefix)}`);
  }
  if (!VALID_LENGTHS.includes(decoded.data.length)) {
    throw new AddressError('ADDRESS_WRONG_LENGTH', `address must be 20 or 32 bytes, got ${decoded.data.length}`);
  }
  return decoded.data;
}

/** True when `address` parses with the prefix. */
export function isBech32Address(address: string, prefix = ACCOUNT_PREFIX): boolean {
  try {
    fromBech32Address(address, prefix);
    return true;
  } catch {
    return false;
  }
}
