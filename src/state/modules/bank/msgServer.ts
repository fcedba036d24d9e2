// MsgSend: the plain transfer, under the Cosmos type URL so `sendTokens` works unmodified.
import { MsgSend, MsgSendResponse } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { fromBech32Address } from '../../../codec/address.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import { parseCoins } from './coins.js';
import type { BankKeeper } from './keeper.js';

function address(field: string, value: string): Uint8Array {
  try {
    return fromBech32Address(value);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid ${field} address: ${(err as Error).message}`);
  }
}

export function msgSendHandler(bank: BankKeeper): MsgHandler<MsgSend> {
  return {
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    decode: (bytes) => MsgSend.decode(bytes),
    signers: (msg) => [msg.fromAddress],
    validate(msg) {
      address('from', msg.fromAddress);
      address('to', msg.toAddress);
      if (msg.amount.length === 0) throw sdkError(SDK.InvalidCoins, 'send amount is empty: invalid coins');
      parseCoins(msg.amount);
    },
    execute(ctx, msg) {
      const from = address('from', msg.fromAddress);
      bank.send(ctx, from, address('to', msg.toAddress), parseCoins(msg.amount));
      ctx.events.emit('message', { sender: msg.fromAddress, module: 'bank' });
      return { typeUrl: '/cosmos.bank.v1beta1.MsgSendResponse', value: MsgSendResponse.encode({}).finish() };
    },
  };
}
