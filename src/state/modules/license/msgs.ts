// Stateless rules of the license messages (ValidateBasic): addresses, non-zero ids, prices
// in useed. Each failure names the field. Stateful rules are in msgServer.ts / market.ts.
import type { Coin } from '../../../codec/seedcast/content.js';
import type { MsgBuyLicense, MsgBuyListedLicense, MsgDelistLicense, MsgListLicense, MsgTransferLicense } from '../../../codec/seedcast/license.js';
import { toBech32Address } from '../../../codec/address.js';
import { SDK, sdkError } from '../../errors.js';
import { accountAddress, CARD_LIMITS, invalid, PRICE_DENOM } from '../content/msgs.js';

export { accountAddress, invalid, PRICE_DENOM };

const AMOUNT = /^[0-9]+$/;

/** An account address in its canonical (lowercase) text and its bytes; throws InvalidAddress. */
export function account(field: string, address: string): { text: string; bytes: Uint8Array } {
  const bytes = accountAddress(field, address);
  return { text: toBech32Address(bytes), bytes };
}

function positiveId(field: string, id: bigint): void {
  if (id === 0n) throw invalid(`${field} must be at least 1`);
}

/** A price that must be a positive amount of useed; returns it as a bigint. */
export function positivePrice(field: string, coin: Coin | undefined): bigint {
  if (!coin) throw sdkError(SDK.InvalidCoins, `${field} is required: invalid coins`);
  if (coin.denom !== PRICE_DENOM) throw sdkError(SDK.InvalidCoins, `${field} denom must be ${PRICE_DENOM}, got ${JSON.stringify(coin.denom.slice(0, 64))}: invalid coins`);
  if (!AMOUNT.test(coin.amount) || coin.amount.length > CARD_LIMITS.amountDigits) {
    throw sdkError(SDK.InvalidCoins, `${field} amount must be an integer of at most ${CARD_LIMITS.amountDigits} digits, got ${JSON.stringify(coin.amount.slice(0, 80))}: invalid coins`);
  }
  const amount = BigInt(coin.amount);
  if (amount === 0n) throw sdkError(SDK.InvalidCoins, `${field} must be greater than 0${PRICE_DENOM}: invalid coins`);
  return amount;
}

export function validateBuy(msg: MsgBuyLicense): void {
  accountAddress('buyer', msg.buyer);
  positiveId('card_id', msg.cardId);
}

export function validateTransfer(msg: MsgTransferLicense): void {
  accountAddress('owner', msg.owner);
  positiveId('license_id', msg.licenseId);
  accountAddress('recipient', msg.recipient);
  if (account('recipient', msg.recipient).text === account('owner', msg.owner).text) throw invalid(`recipient ${msg.recipient} already owns license ${msg.licenseId}; a transfer needs another account`);
}

export function validateList(msg: MsgListLicense): void {
  accountAddress('owner', msg.owner);
  positiveId('license_id', msg.licenseId);
  positivePrice('listing price', msg.price);
}

export function validateDelist(msg: MsgDelistLicense): void {
  accountAddress('owner', msg.owner);
  positiveId('license_id', msg.licenseId);
}

export function validateBuyListed(msg: MsgBuyListedLicense): void {
  accountAddress('buyer', msg.buyer);
  positiveId('license_id', msg.licenseId);
  positivePrice('price', msg.price);
}
