// State keys of the license module, all under prefix 0x07. Every query walks one index
// prefix: licenses by id, by owner, by content id (each index in license-id order), listings
// by license id; plus the sold count per card and the next license id.
import { lengthPrefixed, prefixed } from '../../store/kv.js';
import { u64be } from '../content/keys.js';

export { readU64be, u64be } from '../content/keys.js';

export const LICENSE_PREFIX = 0x07;
const LICENSE = Uint8Array.of(0x01);
const BY_OWNER = Uint8Array.of(0x02);
const BY_CONTENT = Uint8Array.of(0x03);
const SOLD = Uint8Array.of(0x04);
const NEXT_ID = Uint8Array.of(0x05);
const LISTING = Uint8Array.of(0x06);

export const licenseKey = (id: bigint): Uint8Array => prefixed(LICENSE_PREFIX, LICENSE, u64be(id));
export const nextLicenseIdKey = (): Uint8Array => prefixed(LICENSE_PREFIX, NEXT_ID);
export const soldCountKey = (cardId: bigint): Uint8Array => prefixed(LICENSE_PREFIX, SOLD, u64be(cardId));

export const licensesByOwnerPrefix = (owner: Uint8Array): Uint8Array => prefixed(LICENSE_PREFIX, BY_OWNER, lengthPrefixed(owner));
export const licenseByOwnerKey = (owner: Uint8Array, id: bigint): Uint8Array => prefixed(LICENSE_PREFIX, BY_OWNER, lengthPrefixed(owner), u64be(id));

/** Content ids are fixed-length (32 bytes), so no length prefix is needed. */
export const licensesByContentPrefix = (contentId: Uint8Array): Uint8Array => prefixed(LICENSE_PREFIX, BY_CONTENT, contentId);
export const licenseByContentKey = (contentId: Uint8Array, id: bigint): Uint8Array => prefixed(LICENSE_PREFIX, BY_CONTENT, contentId, u64be(id));

export const listingsPrefix = (): Uint8Array => prefixed(LICENSE_PREFIX, LISTING);
export const listingKey = (licenseId: bigint): Uint8Array => prefixed(LICENSE_PREFIX, LISTING, u64be(licenseId));
