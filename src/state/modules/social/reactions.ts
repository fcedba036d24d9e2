// MsgReact / MsgUnreact: one reaction per (account, card, kind); counts per kind in CardStats.
import { MsgReact, MsgReactResponse, MsgUnreact, MsgUnreactResponse } from '../../../codec/seedcast/social.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import { existingCard } from './cards.js';
import { addReactionCount, updateStats } from './counters.js';
import { emitCardTouched } from './events.js';
import { socialKeeper } from './keeper.js';
import { account, invalid, validateReaction } from './msgs.js';
import { SCORE_WEIGHTS } from './score.js';

export const msgReactHandler: MsgHandler<MsgReact> = {
  typeUrl: MsgReact.typeUrl,
  decode: (bytes) => MsgReact.decode(bytes),
  signers: (msg) => [msg.reactor],
  validate: validateReaction,
  execute(ctx, msg) {
    const reactor = account('reactor', msg.reactor);
    const card = existingCard(ctx.kv, msg.cardId);
    if (socialKeeper.hasReaction(ctx.kv, card.id, msg.kind, reactor.bytes)) {
      throw invalid(`${reactor.text} already reacted with ${msg.kind} to card ${card.id}`);
    }
    socialKeeper.setReaction(ctx.kv, card.id, msg.kind, reactor.bytes);
    updateStats(ctx.kv, card.id, ctx.block.height, SCORE_WEIGHTS.reaction, (s) => addReactionCount(s, msg.kind, 1n));
    emitCardTouched(ctx, reactor.text, card, 'react');
    ctx.events.emit('reaction', { card_id: card.id.toString(), kind: msg.kind, reactor: reactor.text, action: 'react' });
    return { typeUrl: MsgReactResponse.typeUrl, value: MsgReactResponse.encode({}) };
  },
};

/** Undoing a reaction lowers its count; the score keeps what it earned (it decays anyway). */
export const msgUnreactHandler: MsgHandler<MsgUnreact> = {
  typeUrl: MsgUnreact.typeUrl,
  decode: (bytes) => MsgUnreact.decode(bytes),
  signers: (msg) => [msg.reactor],
  validate: validateReaction,
  execute(ctx, msg) {
    const reactor = account('reactor', msg.reactor);
    const card = existingCard(ctx.kv, msg.cardId);
    if (!socialKeeper.hasReaction(ctx.kv, card.id, msg.kind, reactor.bytes)) {
      throw sdkError(SDK.NotFound, `${reactor.text} has no ${msg.kind} reaction on card ${card.id}: not found`);
    }
    socialKeeper.deleteReaction(ctx.kv, card.id, msg.kind, reactor.bytes);
    updateStats(ctx.kv, card.id, ctx.block.height, null, (s) => addReactionCount(s, msg.kind, -1n));
    emitCardTouched(ctx, reactor.text, card, 'unreact');
    ctx.events.emit('reaction', { card_id: card.id.toString(), kind: msg.kind, reactor: reactor.text, action: 'unreact' });
    return { typeUrl: MsgUnreactResponse.typeUrl, value: MsgUnreactResponse.encode({}) };
  },
};
