// MsgDealCustody: the card's creator deals t-of-n Shamir shares of the content key, each sealed
// to one validator's key agent. A new deal replaces the previous one (the creator re-deals
// when the validator set changes). Thin: stateless rules in msgs.ts, state in keeper.ts.
import { toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { MsgDealCustody, MsgDealCustodyResponse, type Custody } from '../../../codec/seedcast/custody.js';
import { bytesEqual } from '../../../util/bytes.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import type { KV } from '../../store/kv.js';
import { contentIdHex } from '../content/events.js';
import { contentKeeper } from '../content/keeper.js';
import { keyAgentKeeper } from '../staking/keyAgents.js';
import { emitCustody } from './events.js';
import { custodyKeeper } from './keeper.js';
import { accountAddress, validateDeal } from './msgs.js';

/** Stateful rules and the write of a deal (shared with genesis). Returns the stored record. */
export function dealCustody(kv: KV, msg: MsgDealCustody, height: bigint): Custody {
  const operators = validateDeal(msg);
  const creator = accountAddress('creator', msg.creator);
  const card = contentKeeper.getCardByContent(kv, msg.contentId);
  if (!card) throw sdkError(SDK.NotFound, `no card carries content ${contentIdHex(msg.contentId)}; publish the card before dealing custody: not found`);
  if (!bytesEqual(accountAddress('card creator', card.creator), creator)) {
    throw sdkError(SDK.Unauthorized, `${msg.creator} is not the creator of card ${card.id} (content ${contentIdHex(msg.contentId)}); only ${card.creator} may deal its custody: unauthorized`);
  }
  operators.forEach((operator, i) => {
    if (!keyAgentKeeper.get(kv, operator)) {
      throw sdkError(SDK.NotFound, `custody shares[${i}]: validator ${msg.shares[i]!.operator} has no registered key agent: not found`);
    }
  });
  const shares = msg.shares
    .map((s, i) => ({ operator: toBech32Address(operators[i]!, VALOPER_PREFIX), index: s.index, sealedShare: s.sealedShare }))
    .sort((a, b) => a.index - b.index);
  const record: Custody = { contentId: msg.contentId, creator: card.creator, threshold: msg.threshold, keyCheck: msg.keyCheck, shares, dealtHeight: height };
  custodyKeeper.setCustody(kv, record);
  return record;
}

export const msgDealCustodyHandler: MsgHandler<MsgDealCustody> = {
  typeUrl: MsgDealCustody.typeUrl,
  decode: (bytes) => MsgDealCustody.decode(bytes),
  signers: (msg) => [msg.creator],
  validate: (msg) => void validateDeal(msg),
  execute(ctx, msg) {
    const record = dealCustody(ctx.kv, msg, ctx.block.height);
    emitCustody(ctx, record);
    return { typeUrl: MsgDealCustodyResponse.typeUrl, value: MsgDealCustodyResponse.encode({}) };
  },
};
