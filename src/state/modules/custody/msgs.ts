// Stateless rules of MsgDealCustody (what a wallet can check before it signs). Stateful rules
// (the card exists and the signer created it, every operator has a key agent) are in msgServer.ts.
import { fromBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import type { MsgDealCustody } from '../../../codec/seedcast/custody.js';
import { ECIES_OVERHEAD } from '../../../crypto/ecies.js';
import { SDK, sdkError } from '../../errors.js';
import { accountAddress, CONTENT_ID_BYTES, invalid, validateContentId } from '../content/msgs.js';

export const SHARE_BYTES = 32;
export const KEY_CHECK_BYTES = 32;
export const CUSTODY_LIMITS = {
  maxShares: 64,
  /** A 32-byte Shamir share sealed with ECIES (ephemeral key + GCM tag). */
  sealedShareBytes: SHARE_BYTES + ECIES_OVERHEAD,
} as const;

export { accountAddress, CONTENT_ID_BYTES, invalid };

export function operatorAddress(field: string, value: string): Uint8Array {
  try {
    return fromBech32Address(value, VALOPER_PREFIX);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid ${field} address: ${(err as Error).message}`);
  }
}

/** Checks the message and returns each share's operator bytes (in message order). */
export function validateDeal(msg: MsgDealCustody): Uint8Array[] {
  accountAddress('creator', msg.creator);
  validateContentId('custody content_id', msg.contentId);
  if (msg.keyCheck.length !== KEY_CHECK_BYTES) throw invalid(`custody key_check must be ${KEY_CHECK_BYTES} bytes, got ${msg.keyCheck.length}`);
  const n = msg.shares.length;
  if (n === 0) throw invalid('custody needs at least one share');
  if (n > CUSTODY_LIMITS.maxShares) throw invalid(`custody has ${n} shares, at most ${CUSTODY_LIMITS.maxShares}`);
  if (msg.threshold < 1 || msg.threshold > n) throw invalid(`custody threshold must be between 1 and the number of shares (${n}), got ${msg.threshold}`);
  const indices = new Set<number>();
  const operators = new Set<string>();
  return msg.shares.map((share, i) => {
    const operator = operatorAddress(`custody shares[${i}] operator`, share.operator);
    const hex = Buffer.from(operator).toString('hex');
    if (operators.has(hex)) throw invalid(`custody shares[${i}]: validator ${share.operator} holds two shares`);
    operators.add(hex);
    if (share.index < 1 || share.index > n) throw invalid(`custody shares[${i}] index must be between 1 and ${n}, got ${share.index}`);
    if (indices.has(share.index)) throw invalid(`custody shares[${i}]: index ${share.index} appears twice`);
    indices.add(share.index);
    if (share.sealedShare.length !== CUSTODY_LIMITS.sealedShareBytes) {
      throw invalid(`custody shares[${i}] sealed_share must be ${CUSTODY_LIMITS.sealedShareBytes} bytes (a ${SHARE_BYTES}-byte share sealed to the validator's key), got ${share.sealedShare.length}`);
    }
    return operator;
  });
}
