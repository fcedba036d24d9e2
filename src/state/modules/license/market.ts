// Resale: list a license at a fixed price, withdraw the listing, buy a listed license
// (the card's creator gets resale_royalty_bps of the price, the seller the rest).
import {
  MsgBuyListedLicense,
  MsgBuyListedLicenseResponse,
  MsgDelistLicense,
  MsgDelistLicenseResponse,
  MsgListLicense,
  MsgListLicenseResponse,
} from '../../../codec/seedcast/license.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import type { BankKeeper } from '../bank/keeper.js';
import { contentKeeper } from '../content/keeper.js';
import { socialCounters } from '../social/counters.js';
import { emitLicense } from './events.js';
import { licenseKeeper } from './keeper.js';
import { account, invalid, positivePrice, PRICE_DENOM, validateBuyListed, validateDelist, validateList } from './msgs.js';
import { ownedLicense } from './msgServer.js';

const BPS = 10_000n;

/** The creator's share of a resale: floor(price * bps / 10000). */
export function royaltyOf(price: bigint, bps: number): bigint {
  return (price * BigInt(bps)) / BPS;
}

export const msgListLicenseHandler: MsgHandler<MsgListLicense> = {
  typeUrl: MsgListLicense.typeUrl,
  decode: (bytes) => MsgListLicense.decode(bytes),
  signers: (msg) => [msg.owner],
  validate: validateList,
  execute(ctx, msg) {
    const owner = account('owner', msg.owner).text;
    const license = ownedLicense(ctx.kv, msg.licenseId, owner);
    const price = positivePrice('listing price', msg.price);
    licenseKeeper.setListing(ctx.kv, {
      licenseId: license.id,
      seller: owner,
      price: { denom: PRICE_DENOM, amount: price.toString() },
      listedHeight: ctx.block.height,
    });
    emitLicense(ctx, owner, 'list', license, { price: `${price}${PRICE_DENOM}` });
    return { typeUrl: MsgListLicenseResponse.typeUrl, value: MsgListLicenseResponse.encode({}) };
  },
};

export const msgDelistLicenseHandler: MsgHandler<MsgDelistLicense> = {
  typeUrl: MsgDelistLicense.typeUrl,
  decode: (bytes) => MsgDelistLicense.decode(bytes),
  signers: (msg) => [msg.owner],
  validate: validateDelist,
  execute(ctx, msg) {
    const owner = account('owner', msg.owner).text;
    const license = ownedLicense(ctx.kv, msg.licenseId, owner);
    if (!licenseKeeper.getListing(ctx.kv, license.id)) throw sdkError(SDK.NotFound, `license ${license.id} is not listed: not found`);
    licenseKeeper.deleteListing(ctx.kv, license.id);
    emitLicense(ctx, owner, 'delist', license);
    return { typeUrl: MsgDelistLicenseResponse.typeUrl, value: MsgDelistLicenseResponse.encode({}) };
  },
};

export function msgBuyListedLicenseHandler(bank: BankKeeper): MsgHandler<MsgBuyListedLicense> {
  return {
    typeUrl: MsgBuyListedLicense.typeUrl,
    decode: (bytes) => MsgBuyListedLicense.decode(bytes),
    signers: (msg) => [msg.buyer],
    validate: validateBuyListed,
    execute(ctx, msg) {
      const buyer = account('buyer', msg.buyer);
      const offered = positivePrice('price', msg.price);
      const listing = licenseKeeper.getListing(ctx.kv, msg.licenseId);
      if (!listing) throw sdkError(SDK.NotFound, `license ${msg.licenseId} is not listed for sale: not found`);
      const price = positivePrice('listing price', listing.price);
      if (offered !== price) {
        throw invalid(`license ${msg.licenseId} is listed at ${price}${PRICE_DENOM}, the message offers ${offered}${PRICE_DENOM}; sign again at the listed price`);
      }
      if (listing.seller === buyer.text) throw invalid(`${buyer.text} is the seller of license ${msg.licenseId}; delist it instead of buying it`);
      const license = ownedLicense(ctx.kv, msg.licenseId, listing.seller);
      const card = contentKeeper.getCard(ctx.kv, license.cardId);
      if (!card) throw sdkError(SDK.NotFound, `card ${license.cardId} of license ${license.id} does not exist: not found`);

      const creator = account('creator', card.creator);
      const seller = account('seller', listing.seller);
      const royalty = seller.text === creator.text ? 0n : royaltyOf(price, card.resaleRoyaltyBps);
      const toSeller = price - royalty;
      // Checked whole first, so the error names the full price rather than one of the two legs.
      const have = bank.getBalance(ctx.kv, buyer.bytes, PRICE_DENOM);
      if (have < price) throw sdkError(SDK.InsufficientFunds, `spendable balance ${have}${PRICE_DENOM} is smaller than ${price}${PRICE_DENOM}: insufficient funds`);
      if (royalty > 0n) bank.send(ctx, buyer.bytes, creator.bytes, [{ denom: PRICE_DENOM, amount: royalty }]);
      if (toSeller > 0n) bank.send(ctx, buyer.bytes, seller.bytes, [{ denom: PRICE_DENOM, amount: toSeller }]);
      const moved = licenseKeeper.moveLicense(ctx.kv, license, buyer.text, ctx.block.height);
      // A resale is not a new edition sold, but the buyer paid for the content: a paid view.
      socialCounters.countPaidView(ctx.kv, card.id, buyer.bytes, ctx.block.height);
      emitLicense(ctx, buyer.text, 'buy_listed', moved, {
        previous_owner: seller.text,
        price: `${price}${PRICE_DENOM}`,
        royalty: `${royalty}${PRICE_DENOM}`,
      });
      return { typeUrl: MsgBuyListedLicenseResponse.typeUrl, value: MsgBuyListedLicenseResponse.encode({}) };
    },
  };
}
