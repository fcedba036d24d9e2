// Where a key agent's material comes from: the creator's master secret (the content key itself)
// or a validator's custody share (opened from the chain's custody record with its agent key).
// Each call derives fresh bytes; the agent zeroes them after sealing.
import type { Logger } from '../consensus/interface.js';
import { contentKey, licenseKey, shareMark } from '../crypto/contentKeys.js';
import { openSealed } from '../crypto/ecies.js';
import { custodyShareContext } from './constants.js';
import type { KeyMaterial, LicenseInfo } from './types.js';
import { hexOf } from '../util/bytesText.js';

type Maybe<T> = T | undefined | Promise<T | undefined>;

const hex = hexOf;

/**
 * The creator's agent: K = contentKey(M), mark = licenseKey(M, content id, n). `getMaster`
 * returns bytes this source owns: it zeroes them once K and the mark are derived (return a copy
 * when you keep M in memory).
 */
export function creatorMaterial(getMaster: (contentIdHex: string) => Maybe<Uint8Array>): (license: LicenseInfo) => Promise<KeyMaterial | undefined> {
  return async (license) => {
    const master = await getMaster(hex(license.contentId));
    if (!master) return undefined;
    try {
      return { kind: 'key', contentKey: contentKey(master), mark: licenseKey(master, license.contentId, license.number) };
    } finally {
      master.fill(0);
    }
  };
}

export interface CustodyRecordView {
  threshold: number;
  shares: { operator: string; index: number; sealedShare: Uint8Array }[];
}

/**
 * A custody validator's agent: opens its own share of the content's custody record (sealed to
 * its X25519 key under `custody-share/<content id hex>/<index>`); mark = shareMark(share, cid, n).
 * No record, no share for `operator`, or a share that does not open → undefined (NO_KEY).
 */
export function custodyMaterial(
  agentPrivateKey: Uint8Array,
  operator: string,
  custodyRecord: (contentId: Uint8Array) => Maybe<CustodyRecordView>,
  log?: Logger,
): (license: LicenseInfo) => Promise<KeyMaterial | undefined> {
  return async (license) => {
    const record = await custodyRecord(license.contentId);
    const mine = record?.shares.find((s) => s.operator === operator);
    if (!record || !mine) return undefined;
    const idHex = hex(license.contentId);
    let value: Uint8Array;
    try {
      value = openSealed(agentPrivateKey, mine.sealedShare, custodyShareContext(idHex, mine.index));
    } catch {
      log?.warn('key agent: our custody share does not open with our agent key', { content: idHex, index: mine.index });
      return undefined;
    }
    return { kind: 'share', index: mine.index, threshold: record.threshold, value, mark: shareMark(value, license.contentId, license.number) };
  };
}
