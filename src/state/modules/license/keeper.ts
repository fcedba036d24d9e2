// Licenses, their owner and content indexes, sold counts per card and resale listings.
// Every write of a license goes through here so the owner index follows transfers.
import { fromBech32Address } from '../../../codec/address.js';
import { License, Listing } from '../../../codec/seedcast/license.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import {
  licenseByContentKey,
  licenseByOwnerKey,
  licenseKey,
  listingKey,
  nextLicenseIdKey,
  readU64be,
  soldCountKey,
  u64be,
} from './keys.js';

const readOr = (raw: Uint8Array | undefined, fallback: bigint): bigint => (raw ? readU64be(raw) : fallback);

export const licenseKeeper = {
  getLicense(kv: ReadonlyKV, id: bigint): License | undefined {
    const raw = kv.get(licenseKey(id));
    return raw ? License.decode(raw) : undefined;
  },

  /** The id the next license gets (ids start at 1 and are never reused). */
  nextLicenseId(kv: ReadonlyKV): bigint {
    return readOr(kv.get(nextLicenseIdKey()), 1n);
  },

  /** Licenses minted from a card so far (the last edition number). */
  soldCount(kv: ReadonlyKV, cardId: bigint): bigint {
    return readOr(kv.get(soldCountKey(cardId)), 0n);
  },

  setSoldCount(kv: KV, cardId: bigint, count: bigint): void {
    kv.set(soldCountKey(cardId), u64be(count));
  },

  /** Stores a new license (its id must be nextLicenseId) with both indexes. */
  addLicense(kv: KV, license: License): void {
    kv.set(licenseKey(license.id), License.encode(license));
    kv.set(licenseByOwnerKey(fromBech32Address(license.owner), license.id), u64be(license.id));
    kv.set(licenseByContentKey(license.contentId, license.id), u64be(license.id));
    if (license.id >= licenseKeeper.nextLicenseId(kv)) kv.set(nextLicenseIdKey(), u64be(license.id + 1n));
  },

  /** Gives a license to a new owner: moves the owner index entry, drops any listing. */
  moveLicense(kv: KV, license: License, newOwner: string, height: bigint): License {
    kv.delete(licenseByOwnerKey(fromBech32Address(license.owner), license.id));
    const moved: License = { ...license, owner: newOwner, lastTransferHeight: height };
    kv.set(licenseKey(moved.id), License.encode(moved));
    kv.set(licenseByOwnerKey(fromBech32Address(newOwner), moved.id), u64be(moved.id));
    if (kv.get(listingKey(moved.id))) kv.delete(listingKey(moved.id));
    return moved;
  },

  getListing(kv: ReadonlyKV, licenseId: bigint): Listing | undefined {
    const raw = kv.get(listingKey(licenseId));
    return raw ? Listing.decode(raw) : undefined;
  },

  setListing(kv: KV, listing: Listing): void {
    kv.set(listingKey(listing.licenseId), Listing.encode(listing));
  },

  deleteListing(kv: KV, licenseId: bigint): void {
    kv.delete(listingKey(licenseId));
  },
};

export type LicenseKeeper = typeof licenseKeeper;
