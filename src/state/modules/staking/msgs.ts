// Stateless checks of the staking messages (the SDK's ValidateBasic) and the shared parsers.
import type { Description as DescriptionProto } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import { fromBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { decFromProto, ONE } from '../../dec.js';
import { SDK, sdkError } from '../../errors.js';
import { parseCoin, type Coin } from '../bank/coins.js';
import { STAKING, stakingError } from './errors.js';

/** MsgEditValidator's "leave this field as it is". */
export const DO_NOT_MODIFY = '[do-not-modify]';

export function accountAddress(field: string, value: string): Uint8Array {
  try {
    return fromBech32Address(value);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid ${field} address: ${(err as Error).message}`);
  }
}

export function operatorAddress(value: string): Uint8Array {
  try {
    return fromBech32Address(value, VALOPER_PREFIX);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid validator address: ${(err as Error).message}`);
  }
}

export function positiveAmount(coin: { denom: string; amount: string } | undefined, what: string): Coin {
  if (!coin) throw sdkError(SDK.InvalidRequest, `${what} amount is missing: invalid request`);
  const c = parseCoin(coin);
  if (c.amount <= 0n) throw stakingError(STAKING.InvalidAmount, `${what} amount must be positive: invalid amount`);
  return c;
}

export function parseRate(text: string, what: string): bigint {
  if (typeof text === 'string' && text.startsWith('-')) throw stakingError(STAKING.CommissionNegative, `${what} must not be negative`);
  try {
    return decFromProto(text, what);
  } catch (err) {
    throw stakingError(STAKING.CommissionNegative, (err as Error).message);
  }
}

export function commissionRates(c: { rate: string; maxRate: string; maxChangeRate: string } | undefined) {
  if (!c) throw stakingError(STAKING.CommissionNegative, 'commission rates are missing');
  const rate = parseRate(c.rate, 'commission rate');
  const maxRate = parseRate(c.maxRate, 'commission max rate');
  const maxChangeRate = parseRate(c.maxChangeRate, 'commission max change rate');
  if (maxRate > ONE) throw stakingError(STAKING.CommissionHuge, 'commission max rate cannot be more than 100%');
  if (rate > ONE) throw stakingError(STAKING.CommissionHuge, 'commission rate cannot be more than 100%');
  if (rate > maxRate) throw stakingError(STAKING.CommissionGTMaxRate, 'commission rate cannot be more than the max rate');
  if (maxChangeRate > maxRate) throw stakingError(STAKING.CommissionChangeRateGTMaxRate, 'commission max change rate cannot be more than the max rate');
  return { rate, maxRate, maxChangeRate };
}

export function positiveInt(text: string, what: string): bigint {
  if (typeof text !== 'string' || !/^[0-9]{1,78}$/.test(text) || BigInt(text) <= 0n) {
    throw stakingError(STAKING.SelfDelegationBelowMinimum, `${what} must be a positive integer`);
  }
  return BigInt(text);
}

const LIMITS: [keyof DescriptionProto, number][] = [['moniker', 70], ['identity', 3000], ['website', 140], ['securityContact', 140], ['details', 280]];

export function checkDescription(d: DescriptionProto | undefined, creating: boolean): void {
  if (!d) throw sdkError(SDK.InvalidRequest, 'description is missing: invalid request');
  if (creating && !d.moniker) throw sdkError(SDK.InvalidRequest, 'description must include a moniker: invalid request');
  for (const [field, max] of LIMITS) {
    if ((d[field] ?? '').length > max) throw sdkError(SDK.InvalidRequest, `invalid ${field} length; got: ${d[field].length}, max: ${max}`);
  }
}
