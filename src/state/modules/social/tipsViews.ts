// MsgTip (coins from the tipper to the card's creator through the bank keeper) and MsgView
// (an explicit view, counted once per account; the tx fee is what makes views costly to fake).
import { MsgTip, MsgTipResponse, MsgView, MsgViewResponse } from '../../../codec/seedcast/social.js';
import type { MsgHandler } from '../../module.js';
import type { BankKeeper } from '../bank/keeper.js';
import { existingCard } from './cards.js';
import { updateStats } from './counters.js';
import { emitCardTouched } from './events.js';
import { socialKeeper } from './keeper.js';
import { account, invalid, TIP_DENOM, tipAmount, validateTip, validateView } from './msgs.js';
import { SCORE_WEIGHTS, tipWeight } from './score.js';

export function msgTipHandler(bank: BankKeeper): MsgHandler<MsgTip> {
  return {
    typeUrl: MsgTip.typeUrl,
    decode: (bytes) => MsgTip.decode(bytes),
    signers: (msg) => [msg.tipper],
    validate: validateTip,
    execute(ctx, msg) {
      const tipper = account('tipper', msg.tipper);
      const amount = tipAmount(msg.amount);
      const card = existingCard(ctx.kv, msg.cardId);
      const creator = account('creator', card.creator);
      // Tipping oneself would raise the counts and the score for the price of a fee.
      if (creator.text === tipper.text) throw invalid(`${tipper.text} is the creator of card ${card.id} and cannot tip its own card`);
      // Insufficient funds throws the bank's error; the tx's cache store is dropped whole.
      bank.send(ctx, tipper.bytes, creator.bytes, [{ denom: TIP_DENOM, amount }]);
      const newTipper = socialKeeper.markTipped(ctx.kv, card.id, tipper.bytes);
      updateStats(ctx.kv, card.id, ctx.block.height, tipWeight(amount), (s) => {
        s.tips = { denom: TIP_DENOM, amount: (BigInt(s.tips?.amount || '0') + amount).toString() };
        if (newTipper) s.tippers += 1n;
      });
      emitCardTouched(ctx, tipper.text, card, 'tip');
      ctx.events.emit('tip', { card_id: card.id.toString(), tipper: tipper.text, amount: `${amount}${TIP_DENOM}` });
      return { typeUrl: MsgTipResponse.typeUrl, value: MsgTipResponse.encode({}) };
    },
  };
}

export const msgViewHandler: MsgHandler<MsgView> = {
  typeUrl: MsgView.typeUrl,
  decode: (bytes) => MsgView.decode(bytes),
  signers: (msg) => [msg.viewer],
  validate: validateView,
  execute(ctx, msg) {
    const viewer = account('viewer', msg.viewer);
    const card = existingCard(ctx.kv, msg.cardId);
    // Refused rather than silently ignored, so a wallet knows its fee bought nothing.
    if (socialKeeper.hasViewed(ctx.kv, card.id, viewer.bytes)) throw invalid(`${viewer.text} already viewed card ${card.id}`);
    socialKeeper.markViewed(ctx.kv, card.id, viewer.bytes);
    updateStats(ctx.kv, card.id, ctx.block.height, SCORE_WEIGHTS.view, (s) => {
      s.views += 1n;
    });
    emitCardTouched(ctx, viewer.text, card, 'view');
    ctx.events.emit('view', { card_id: card.id.toString(), viewer: viewer.text });
    return { typeUrl: MsgViewResponse.typeUrl, value: MsgViewResponse.encode({}) };
  },
};
