// The staking module accounts: bonded validators' tokens sit in the bonded pool; tokens of
// validators outside the set and of unbonding delegations sit in the not-bonded pool.
import { toBech32Address } from '../../../codec/address.js';
import { moduleAddress } from '../bank/keeper.js';

export const BONDED_POOL_NAME = 'bonded_tokens_pool';
export const NOT_BONDED_POOL_NAME = 'not_bonded_tokens_pool';
export const BONDED_POOL = moduleAddress(BONDED_POOL_NAME);
export const NOT_BONDED_POOL = moduleAddress(NOT_BONDED_POOL_NAME);

export function moduleAccountBech32(name: string): string {
  return toBech32Address(moduleAddress(name));
}
