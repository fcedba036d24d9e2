// Messages of the content module: publish a card, announce or withdraw a provider record.
// Thin: stateless rules in msgs.ts / providerMsgs.ts, state in keeper.ts.
import {
  MsgAnnounceProvider,
  MsgAnnounceProviderResponse,
  MsgPublishCard,
  MsgPublishCardResponse,
  MsgWithdrawProvider,
  MsgWithdrawProviderResponse,
  type Card,
} from '../../../codec/seedcast/content.js';
import type { MsgHandler } from '../../module.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV } from '../../store/kv.js';
import { socialCounters } from '../social/counters.js';
import { indexCard } from '../social/feedIndex.js';
import { contentIdHex, emitCard, emitProvider } from './events.js';
import { contentKeeper } from './keeper.js';
import { accountAddress, effectivePieceSize, invalid, validateCard } from './msgs.js';
import { validateAnnounce, validateWithdraw } from './providerMsgs.js';

/** Stateful rules and the write of a new card (shared with genesis). Returns the stored card. */
export function createCard(kv: KV, msg: MsgPublishCard, height: bigint): Card {
  const creator = accountAddress('creator', msg.creator);
  if (msg.parentId !== 0n && !contentKeeper.getCard(kv, msg.parentId)) {
    throw sdkError(SDK.NotFound, `card parent_id ${msg.parentId} does not exist: not found`);
  }
  if (msg.contentId.length > 0) {
    const existing = contentKeeper.cardIdByContent(kv, msg.contentId);
    if (existing !== undefined) throw invalid(`content ${contentIdHex(msg.contentId)} is already published as card ${existing}; a content id belongs to one card`);
  }
  const card: Card = {
    id: contentKeeper.nextCardId(kv),
    creator: msg.creator,
    contentId: msg.contentId,
    salt: msg.salt,
    size: msg.size,
    blockSize: msg.blockSize,
    pieceSize: effectivePieceSize(msg),
    mimeType: msg.mimeType,
    title: msg.title,
    body: msg.body,
    tags: msg.tags,
    links: msg.links,
    parentId: msg.parentId,
    ...(msg.preview ? { preview: msg.preview } : {}),
    ...(msg.price ? { price: msg.price } : {}),
    editionCap: msg.editionCap,
    resaleRoyaltyBps: msg.resaleRoyaltyBps,
    ...(msg.pieceRoyalty ? { pieceRoyalty: msg.pieceRoyalty } : {}),
    keyAgents: msg.keyAgents,
    createdHeight: height,
  };
  contentKeeper.addCard(kv, creator, card);
  // Feed indexes (tags, replies, thread root) and the parent's comment count are the social
  // module's, written with the card.
  indexCard(kv, card);
  if (card.parentId !== 0n) socialCounters.countComment(kv, card.parentId, height);
  return card;
}

export const msgPublishCardHandler: MsgHandler<MsgPublishCard> = {
  typeUrl: MsgPublishCard.typeUrl,
  decode: (bytes) => MsgPublishCard.decode(bytes),
  signers: (msg) => [msg.creator],
  validate(msg) {
    accountAddress('creator', msg.creator);
    validateCard(msg);
  },
  execute(ctx, msg) {
    const card = createCard(ctx.kv, msg, ctx.block.height);
    emitCard(ctx, card);
    return { typeUrl: MsgPublishCardResponse.typeUrl, value: MsgPublishCardResponse.encode({ cardId: card.id }) };
  },
};

export const msgAnnounceProviderHandler: MsgHandler<MsgAnnounceProvider> = {
  typeUrl: MsgAnnounceProvider.typeUrl,
  decode: (bytes) => MsgAnnounceProvider.decode(bytes),
  signers: (msg) => [msg.provider],
  validate: validateAnnounce,
  execute(ctx, msg) {
    if (contentKeeper.cardIdByContent(ctx.kv, msg.contentId) === undefined) {
      throw sdkError(SDK.NotFound, `no card carries content ${contentIdHex(msg.contentId)}; publish a card before announcing it: not found`);
    }
    const record = { provider: msg.provider, peerId: msg.peerId, addrs: msg.addrs, height: ctx.block.height };
    contentKeeper.setProvider(ctx.kv, msg.contentId, accountAddress('provider', msg.provider), record);
    emitProvider(ctx, 'announce', msg.provider, msg.contentId, msg.peerId);
    return { typeUrl: MsgAnnounceProviderResponse.typeUrl, value: MsgAnnounceProviderResponse.encode({}) };
  },
};

export const msgWithdrawProviderHandler: MsgHandler<MsgWithdrawProvider> = {
  typeUrl: MsgWithdrawProvider.typeUrl,
  decode: (bytes) => MsgWithdrawProvider.decode(bytes),
  signers: (msg) => [msg.provider],
  validate: validateWithdraw,
  execute(ctx, msg) {
    const provider = accountAddress('provider', msg.provider);
    const record = contentKeeper.getProvider(ctx.kv, msg.contentId, provider);
    if (!record) throw sdkError(SDK.NotFound, `${msg.provider} has no provider record for content ${contentIdHex(msg.contentId)}: not found`);
    contentKeeper.deleteProvider(ctx.kv, msg.contentId, provider);
    emitProvider(ctx, 'withdraw', msg.provider, msg.contentId, record.peerId);
    return { typeUrl: MsgWithdrawProviderResponse.typeUrl, value: MsgWithdrawProviderResponse.encode({}) };
  },
};
