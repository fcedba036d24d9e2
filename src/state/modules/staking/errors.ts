// Errors of the staking module: codespace "staking" with the SDK's x/staking codes where one exists.
import { SdkError } from '../../errors.js';

export const STAKING = {
  NoValidatorFound: 3,
  ValidatorOwnerExists: 4,
  ValidatorPubKeyExists: 5,
  ValidatorPubKeyTypeNotSupported: 6,
  CommissionNegative: 9,
  CommissionHuge: 10,
  CommissionGTMaxRate: 11,
  CommissionUpdateTime: 12,
  CommissionChangeRateGTMaxRate: 14,
  CommissionGTMaxChangeRate: 15,
  SelfDelegationBelowMinimum: 16,
  MinSelfDelegationDecreased: 17,
  NoDelegation: 19,
  InsufficientShares: 22,
  NotEnoughDelegationShares: 24,
  MaxUnbondingDelegationEntries: 33,
  BadDenom: 36,
  InvalidAmount: 40,
} as const;

export function stakingError(code: number, message: string): SdkError {
  return new SdkError('staking', code, message);
}
