// Staking messages under the Cosmos type URLs, so wallets and cosmjs's delegateTokens /
// undelegateTokens work unmodified. Thin: check, call the keeper, emit events.
import {
  MsgCreateValidator,
  MsgCreateValidatorResponse,
  MsgDelegate,
  MsgDelegateResponse,
  MsgEditValidator,
  MsgEditValidatorResponse,
  MsgUndelegate,
  MsgUndelegateResponse,
} from 'cosmjs-types/cosmos/staking/v1beta1/tx';
import { toBech32Address } from '../../../codec/address.js';
import { bytesEqual } from '../../../util/bytes.js';
import type { Ctx } from '../../context.js';
import { formatDec } from '../../dec.js';
import { msToProtoTime } from '../../duration.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import { STAKING, stakingError } from './errors.js';
import type { StakingKeeper } from './keeper.js';
import { accountAddress, checkDescription, commissionRates, DO_NOT_MODIFY, operatorAddress, parseRate, positiveAmount, positiveInt } from './msgs.js';
import { getStakingParams } from './params.js';
import { undelegate } from './unbonding.js';
import { BondStatus, pubKeyFromAny, valoperOf, type ValidatorRecord } from './validator.js';

const DAY_MS = 86_400_000n;

function bondDenomCoin(ctx: Ctx, coin: { denom: string; amount: bigint }): bigint {
  const denom = getStakingParams(ctx.kv).bondDenom;
  if (coin.denom !== denom) throw stakingError(STAKING.BadDenom, `invalid coin denomination: got ${coin.denom}, expected ${denom}`);
  return coin.amount;
}

/** The account that signs for a validator: the operator address's bytes under the account prefix. */
const operatorAccount = (valoper: string): string => toBech32Address(operatorAddress(valoper));

export function stakingMsgHandlers(staking: StakingKeeper): MsgHandler<any>[] {
  const createValidator: MsgHandler<MsgCreateValidator> = {
    typeUrl: '/cosmos.staking.v1beta1.MsgCreateValidator',
    decode: (bytes) => MsgCreateValidator.decode(bytes),
    signers: (msg) => [operatorAccount(msg.validatorAddress)],
    validate(msg) {
      const op = operatorAddress(msg.validatorAddress);
      if (msg.delegatorAddress && !bytesEqual(accountAddress('delegator', msg.delegatorAddress), op)) {
        throw sdkError(SDK.InvalidAddress, 'delegator address must be the validator operator\'s account');
      }
      pubKeyFromAny(msg.pubkey);
      const value = positiveAmount(msg.value, 'self-delegation');
      commissionRates(msg.commission);
      checkDescription(msg.description, true);
      const minSelf = positiveInt(msg.minSelfDelegation, 'minimum self delegation');
      if (value.amount < minSelf) throw stakingError(STAKING.SelfDelegationBelowMinimum, 'validator\'s self delegation must be greater than their minimum self delegation');
    },
    execute(ctx, msg) {
      const operator = operatorAddress(msg.validatorAddress);
      const amount = bondDenomCoin(ctx, positiveAmount(msg.value, 'self-delegation'));
      const rates = commissionRates(msg.commission);
      const { minCommissionRate } = getStakingParams(ctx.kv);
      if (rates.rate < minCommissionRate) throw stakingError(STAKING.CommissionNegative, `commission rate cannot be less than the min rate ${formatDec(minCommissionRate)}`);
      const d = msg.description;
      const v: ValidatorRecord = {
        operator,
        consPubKey: pubKeyFromAny(msg.pubkey),
        jailed: false,
        status: BondStatus.BOND_STATUS_UNBONDED,
        tokens: 0n,
        shares: 0n,
        description: { moniker: d.moniker, identity: d.identity, website: d.website, securityContact: d.securityContact, details: d.details },
        commission: { ...rates, updateTimeMs: ctx.block.timeMs },
        minSelfDelegation: positiveInt(msg.minSelfDelegation, 'minimum self delegation'),
        unbondingHeight: 0n,
        unbondingTimeMs: 0n,
      };
      staking.addValidator(ctx.kv, v);
      staking.delegate(ctx, operator, v, amount);
      ctx.events.emit('create_validator', { validator: valoperOf(v), amount: `${amount}${getStakingParams(ctx.kv).bondDenom}` });
      ctx.events.emit('message', { sender: toBech32Address(operator), module: 'staking' });
      return { typeUrl: '/cosmos.staking.v1beta1.MsgCreateValidatorResponse', value: MsgCreateValidatorResponse.encode({}).finish() };
    },
  };

  const editValidator: MsgHandler<MsgEditValidator> = {
    typeUrl: '/cosmos.staking.v1beta1.MsgEditValidator',
    decode: (bytes) => MsgEditValidator.decode(bytes),
    signers: (msg) => [operatorAccount(msg.validatorAddress)],
    validate(msg) {
      operatorAddress(msg.validatorAddress);
      checkDescription(msg.description, false);
      if (msg.commissionRate) parseRate(msg.commissionRate, 'commission rate');
      if (msg.minSelfDelegation) positiveInt(msg.minSelfDelegation, 'minimum self delegation');
    },
    execute(ctx, msg) {
      const v = staking.mustGetValidator(ctx.kv, operatorAddress(msg.validatorAddress));
      for (const k of ['moniker', 'identity', 'website', 'securityContact', 'details'] as const) {
        const value = msg.description?.[k];
        if (value !== undefined && value !== DO_NOT_MODIFY && (value !== '' || k !== 'moniker')) v.description[k] = value;
      }
      if (msg.commissionRate) {
        const rate = parseRate(msg.commissionRate, 'commission rate');
        const c = v.commission;
        if (ctx.block.timeMs - c.updateTimeMs < DAY_MS) throw stakingError(STAKING.CommissionUpdateTime, 'commission cannot be changed more than once in 24h');
        if (rate > c.maxRate) throw stakingError(STAKING.CommissionGTMaxRate, 'commission rate cannot be more than the max rate');
        if (rate < getStakingParams(ctx.kv).minCommissionRate) throw stakingError(STAKING.CommissionNegative, 'commission rate cannot be less than the min rate');
        const change = rate > c.rate ? rate - c.rate : c.rate - rate;
        if (change > c.maxChangeRate) throw stakingError(STAKING.CommissionGTMaxChangeRate, 'commission rate cannot change by more than the max change rate');
        v.commission = { ...c, rate, updateTimeMs: ctx.block.timeMs };
      }
      if (msg.minSelfDelegation) {
        const minSelf = positiveInt(msg.minSelfDelegation, 'minimum self delegation');
        if (minSelf <= v.minSelfDelegation) throw stakingError(STAKING.MinSelfDelegationDecreased, 'minimum self delegation cannot be decrease');
        v.minSelfDelegation = minSelf;
      }
      staking.setValidator(ctx.kv, v);
      ctx.events.emit('edit_validator', { commission_rate: formatDec(v.commission.rate), min_self_delegation: v.minSelfDelegation.toString() });
      return { typeUrl: '/cosmos.staking.v1beta1.MsgEditValidatorResponse', value: MsgEditValidatorResponse.encode({}).finish() };
    },
  };

  const delegate: MsgHandler<MsgDelegate> = {
    typeUrl: '/cosmos.staking.v1beta1.MsgDelegate',
    decode: (bytes) => MsgDelegate.decode(bytes),
    signers: (msg) => [msg.delegatorAddress],
    validate: (msg) => delegationParts(msg, 'delegation'),
    execute(ctx, msg) {
      const { delegator, operator } = delegationParts(msg, 'delegation');
      const v = staking.mustGetValidator(ctx.kv, operator);
      const amount = bondDenomCoin(ctx, positiveAmount(msg.amount, 'delegation'));
      const shares = staking.delegate(ctx, delegator, v, amount);
      ctx.events.emit('delegate', { validator: msg.validatorAddress, delegator: msg.delegatorAddress, amount: `${amount}${msg.amount.denom}`, new_shares: formatDec(shares) });
      ctx.events.emit('message', { sender: msg.delegatorAddress, module: 'staking' });
      return { typeUrl: '/cosmos.staking.v1beta1.MsgDelegateResponse', value: MsgDelegateResponse.encode({}).finish() };
    },
  };

  const undelegateHandler: MsgHandler<MsgUndelegate> = {
    typeUrl: '/cosmos.staking.v1beta1.MsgUndelegate',
    decode: (bytes) => MsgUndelegate.decode(bytes),
    signers: (msg) => [msg.delegatorAddress],
    validate: (msg) => delegationParts(msg, 'undelegation'),
    execute(ctx, msg) {
      const { delegator, operator } = delegationParts(msg, 'undelegation');
      const v = staking.mustGetValidator(ctx.kv, operator);
      const requested = bondDenomCoin(ctx, positiveAmount(msg.amount, 'undelegation'));
      const out = undelegate(staking, ctx, delegator, v, requested);
      const completionTime = msToProtoTime(out.completionMs);
      ctx.events.emit('unbond', {
        validator: msg.validatorAddress,
        delegator: msg.delegatorAddress,
        amount: `${out.amount}${msg.amount.denom}`,
        completion_time: new Date(Number(out.completionMs)).toISOString(),
      });
      ctx.events.emit('message', { sender: msg.delegatorAddress, module: 'staking' });
      const value = MsgUndelegateResponse.encode({ completionTime, amount: { denom: msg.amount.denom, amount: out.amount.toString() } }).finish();
      return { typeUrl: '/cosmos.staking.v1beta1.MsgUndelegateResponse', value };
    },
  };

  return [createValidator, editValidator, delegate, undelegateHandler];
}

/** The checked parts of a MsgDelegate / MsgUndelegate (both carry the same three fields). */
function delegationParts(msg: MsgDelegate | MsgUndelegate, what: string): { delegator: Uint8Array; operator: Uint8Array } {
  const delegator = accountAddress('delegator', msg.delegatorAddress);
  const operator = operatorAddress(msg.validatorAddress);
  positiveAmount(msg.amount, what);
  return { delegator, operator };
}
