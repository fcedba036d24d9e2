// Buying a new edition from a card and giving a license away. Thin: stateless rules in
// msgs.ts, state in keeper.ts, coins through the bank keeper (its errors and events).
import type { Card } from '../../../codec/seedcast/content.js';
import {
  MsgBuyLicense,
  MsgBuyLicenseResponse,
  MsgTransferLicense,
  MsgTransferLicenseResponse,
  type License,
} from '../../../codec/seedcast/license.js';
import type { Ctx } from '../../context.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import type { KV } from '../../store/kv.js';
import type { BankKeeper } from '../bank/keeper.js';
import { contentKeeper } from '../content/keeper.js';
import { socialCounters } from '../social/counters.js';
import { emitLicense } from './events.js';
import { licenseKeeper } from './keeper.js';
import { account, invalid, PRICE_DENOM, validateBuy, validateTransfer } from './msgs.js';

/** The card a license is sold from: it must exist and carry a content. */
export function licensableCard(kv: KV, cardId: bigint): Card {
  const card = contentKeeper.getCard(kv, cardId);
  if (!card) throw sdkError(SDK.NotFound, `card ${cardId} does not exist: not found`);
  if (card.contentId.length === 0) throw invalid(`card ${cardId} is a text post with no content; only cards carrying a content sell licenses`);
  return card;
}

/** The card's price in useed (absent or 0 = free). validateCard already checked the denom. */
export function cardPrice(card: Card): bigint {
  return card.price && card.price.amount !== '' ? BigInt(card.price.amount) : 0n;
}

/** The license, held by `owner`; NotFound or Unauthorized naming who holds it otherwise. */
export function ownedLicense(kv: KV, licenseId: bigint, owner: string): License {
  const license = licenseKeeper.getLicense(kv, licenseId);
  if (!license) throw sdkError(SDK.NotFound, `license ${licenseId} does not exist: not found`);
  if (license.owner !== owner) throw sdkError(SDK.Unauthorized, `license ${licenseId} is held by ${license.owner}, not ${owner}: unauthorized`);
  return license;
}

/** Mints the next edition of a card to `owner`, refusing past the edition cap. */
function mint(ctx: Ctx, card: Card, owner: string): License {
  const sold = licenseKeeper.soldCount(ctx.kv, card.id);
  if (card.editionCap > 0n && sold >= card.editionCap) {
    throw invalid(`card ${card.id} has sold all of its edition_cap of ${card.editionCap} licenses`);
  }
  const license: License = {
    id: licenseKeeper.nextLicenseId(ctx.kv),
    cardId: card.id,
    contentId: card.contentId,
    number: sold + 1n,
    owner,
    mintedHeight: ctx.block.height,
    lastTransferHeight: 0n,
  };
  licenseKeeper.setSoldCount(ctx.kv, card.id, license.number);
  licenseKeeper.addLicense(ctx.kv, license);
  return license;
}

export function msgBuyLicenseHandler(bank: BankKeeper): MsgHandler<MsgBuyLicense> {
  return {
    typeUrl: MsgBuyLicense.typeUrl,
    decode: (bytes) => MsgBuyLicense.decode(bytes),
    signers: (msg) => [msg.buyer],
    validate: validateBuy,
    execute(ctx, msg) {
      const buyer = account('buyer', msg.buyer);
      const card = licensableCard(ctx.kv, msg.cardId);
      const license = mint(ctx, card, buyer.text);
      const price = cardPrice(card);
      // A failed payment (insufficient funds) throws: the tx's cache store, mint included, is dropped.
      if (price > 0n) bank.send(ctx, buyer.bytes, account('creator', card.creator).bytes, [{ denom: PRICE_DENOM, amount: price }]);
      // The card's counters: a primary sale, and a paid view by the buyer (once per account).
      socialCounters.countLicenseSold(ctx.kv, card.id, ctx.block.height);
      socialCounters.countPaidView(ctx.kv, card.id, buyer.bytes, ctx.block.height);
      emitLicense(ctx, buyer.text, 'buy', license, { price: `${price}${PRICE_DENOM}` });
      return {
        typeUrl: MsgBuyLicenseResponse.typeUrl,
        value: MsgBuyLicenseResponse.encode({ licenseId: license.id, number: license.number }),
      };
    },
  };
}

export const msgTransferLicenseHandler: MsgHandler<MsgTransferLicense> = {
  typeUrl: MsgTransferLicense.typeUrl,
  decode: (bytes) => MsgTransferLicense.decode(bytes),
  signers: (msg) => [msg.owner],
  validate: validateTransfer,
  execute(ctx, msg) {
    const owner = account('owner', msg.owner).text;
    const recipient = account('recipient', msg.recipient).text;
    const license = ownedLicense(ctx.kv, msg.licenseId, owner);
    const wasListed = licenseKeeper.getListing(ctx.kv, license.id) !== undefined;
    const moved = licenseKeeper.moveLicense(ctx.kv, license, recipient, ctx.block.height);
    emitLicense(ctx, owner, 'transfer', moved, { previous_owner: owner, ...(wasListed ? { delisted: 'true' } : {}) });
    return { typeUrl: MsgTransferLicenseResponse.typeUrl, value: MsgTransferLicenseResponse.encode({}) };
  },
};
