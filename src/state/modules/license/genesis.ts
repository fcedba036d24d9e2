// Genesis section of license: licenses and listings that exist from block 1, so a test or a
// bench can start with licenses. JSON is snake_case; content ids are hex. Validated whole:
// ids unique, cards exist and carry a content, edition numbers unique per card and within
// the cap, listings name an existing license and its owner. Absent section = empty.
import type { License } from '../../../codec/seedcast/license.js';
import type { KV } from '../../store/kv.js';
import { contentIdHex } from '../content/events.js';
import { licenseKeeper } from './keeper.js';
import { account, invalid, positivePrice, PRICE_DENOM } from './msgs.js';
import { licensableCard } from './msgServer.js';

type Json = Record<string, unknown>;

export interface LicenseGenesis {
  licenses?: Json[];
  listings?: Json[];
}

function uint(where: string, v: unknown, bits: 63 | 64, fallback?: bigint): bigint {
  if (v === undefined && fallback !== undefined) return fallback;
  if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d{1,20}$/.test(String(v))) throw invalid(`${where} must be a non-negative integer`);
  const n = BigInt(v);
  if (n >= 2n ** BigInt(bits)) throw invalid(`${where} does not fit in ${bits === 63 ? 'an int64' : 'a uint64'}`);
  return n;
}

function str(where: string, v: unknown): string {
  if (typeof v !== 'string') throw invalid(`${where} must be a string`);
  return v;
}

function list(where: string, v: unknown): Json[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`${where} must be a list`);
  return v.map((x) => (typeof x === 'object' && x !== null ? (x as Json) : {}));
}

function licenseFromJson(kv: KV, j: Json, w: string): License {
  const id = uint(`${w}.id`, j.id, 64);
  if (id === 0n) throw invalid(`${w}.id must be at least 1`);
  const cardId = uint(`${w}.card_id`, j.card_id, 64);
  const card = licensableCard(kv, cardId);
  if (j.content_id !== undefined && j.content_id !== contentIdHex(card.contentId)) throw invalid(`${w}.content_id is not the content of card ${cardId}`);
  const number = uint(`${w}.number`, j.number, 64);
  if (number === 0n) throw invalid(`${w}.number must be at least 1`);
  if (card.editionCap > 0n && number > card.editionCap) throw invalid(`${w}.number ${number} is over card ${cardId}'s edition_cap of ${card.editionCap}`);
  return {
    id,
    cardId,
    contentId: card.contentId,
    number,
    owner: account(`${w}.owner`, str(`${w}.owner`, j.owner)).text,
    mintedHeight: uint(`${w}.minted_height`, j.minted_height, 63, 0n),
    lastTransferHeight: uint(`${w}.last_transfer_height`, j.last_transfer_height, 63, 0n),
  };
}

export function initLicenseGenesis(kv: KV, section: unknown): void {
  if (section === undefined || section === null) return;
  if (typeof section !== 'object' || Array.isArray(section)) throw invalid('license section must be an object');
  const g = section as LicenseGenesis;
  const ids = new Set<bigint>();
  const numbers = new Set<string>();
  const sold = new Map<bigint, bigint>();
  list('licenses', g.licenses).forEach((j, i) => {
    const w = `licenses[${i}]`;
    const license = licenseFromJson(kv, j, w);
    if (ids.has(license.id)) throw invalid(`${w}.id ${license.id} appears twice`);
    const edition = `${license.cardId}/${license.number}`;
    if (numbers.has(edition)) throw invalid(`${w}: card ${license.cardId} edition ${license.number} appears twice`);
    ids.add(license.id);
    numbers.add(edition);
    // The next sale of a card continues after its highest edition, so numbers never repeat.
    if (license.number > (sold.get(license.cardId) ?? 0n)) sold.set(license.cardId, license.number);
    licenseKeeper.addLicense(kv, license);
  });
  for (const [cardId, count] of [...sold].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) licenseKeeper.setSoldCount(kv, cardId, count);

  const listed = new Set<bigint>();
  list('listings', g.listings).forEach((j, i) => {
    const w = `listings[${i}]`;
    const licenseId = uint(`${w}.license_id`, j.license_id, 64);
    const license = licenseKeeper.getLicense(kv, licenseId);
    if (!license) throw invalid(`${w}.license_id ${licenseId} is not a license in this genesis`);
    if (listed.has(licenseId)) throw invalid(`${w}: license ${licenseId} is listed twice`);
    const seller = j.seller === undefined ? license.owner : account(`${w}.seller`, str(`${w}.seller`, j.seller)).text;
    if (seller !== license.owner) throw invalid(`${w}.seller ${seller} does not own license ${licenseId} (${license.owner} does)`);
    const p = (j.price ?? {}) as Json;
    const price = positivePrice(`${w}.price`, { denom: str(`${w}.price.denom`, p.denom), amount: str(`${w}.price.amount`, p.amount) });
    listed.add(licenseId);
    licenseKeeper.setListing(kv, {
      licenseId,
      seller,
      price: { denom: PRICE_DENOM, amount: price.toString() },
      listedHeight: uint(`${w}.listed_height`, j.listed_height, 63, 0n),
    });
  });
}
