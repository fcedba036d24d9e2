// MsgUnjail under the Cosmos type URL: a jailed validator's operator asks to rejoin.
import { MsgUnjail, MsgUnjailResponse } from 'cosmjs-types/cosmos/slashing/v1beta1/tx';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { addressFromPubKey } from '../../../consensus/signBytes.js';
import { SDK, sdkError, SdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import { getSigningInfo, type SlashingKeeper } from './keeper.js';

export const SLASHING = {
  NoValidatorForAddress: 2,
  BadValidatorAddr: 3,
  ValidatorJailed: 4,
  ValidatorNotJailed: 5,
  MissingSelfDelegation: 6,
  SelfDelegationTooLowToUnjail: 7,
  NoSigningInfoFound: 8,
} as const;

export const slashingError = (code: number, message: string) => new SdkError('slashing', code, message);

function operator(value: string): Uint8Array {
  try {
    return fromBech32Address(value, VALOPER_PREFIX);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid validator address: ${(err as Error).message}`);
  }
}

export function msgUnjailHandler(slashing: SlashingKeeper): MsgHandler<MsgUnjail> {
  return {
    typeUrl: '/cosmos.slashing.v1beta1.MsgUnjail',
    decode: (bytes) => MsgUnjail.decode(bytes),
    signers: (msg) => [toBech32Address(operator(msg.validatorAddr))],
    validate(msg) {
      operator(msg.validatorAddr);
    },
    execute(ctx, msg) {
      const op = operator(msg.validatorAddr);
      const staking = slashing.staking;
      const validator = staking.validatorByOperator(ctx.kv, op);
      if (!validator) throw slashingError(SLASHING.NoValidatorForAddress, 'address is not associated with any known validator');
      if (staking.selfBondTokens(ctx.kv, validator) === 0n) throw slashingError(SLASHING.MissingSelfDelegation, 'validator has no self-delegation; cannot be unjailed');
      if (staking.selfBondTokens(ctx.kv, validator) < validator.minSelfDelegation) {
        throw slashingError(SLASHING.SelfDelegationTooLowToUnjail, 'validator\'s self delegation less than minimum; cannot be unjailed');
      }
      if (!validator.jailed) throw slashingError(SLASHING.ValidatorNotJailed, 'validator not jailed; cannot be unjailed');
      const consAddr = addressFromPubKey(validator.consPubKey);
      const info = getSigningInfo(ctx.kv, consAddr);
      if (info?.tombstoned) throw slashingError(SLASHING.ValidatorJailed, 'validator is tombstoned (double sign); it can never be unjailed');
      if (info && ctx.block.timeMs < info.jailedUntilMs) {
        throw slashingError(SLASHING.ValidatorJailed, `validator still jailed until ${new Date(Number(info.jailedUntilMs)).toISOString()}; cannot be unjailed`);
      }
      staking.unjail(ctx, op);
      ctx.events.emit('message', { sender: toBech32Address(op), module: 'slashing' });
      return { typeUrl: '/cosmos.slashing.v1beta1.MsgUnjailResponse', value: MsgUnjailResponse.encode({}).finish() };
    },
  };
}
