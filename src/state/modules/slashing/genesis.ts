// Genesis section of slashing: params, and a fresh signing info for every genesis validator.
import { addressFromPubKey } from '../../../consensus/signBytes.js';
import type { KV } from '../../store/kv.js';
import type { StakingKeeper } from '../staking/keeper.js';
import { getSigningInfo, newSigningInfo, setSigningInfo } from './keeper.js';
import { setSlashingParams, slashingParamsFromJson, type SlashingParamsJson } from './params.js';

export function initSlashingGenesis(staking: StakingKeeper, kv: KV, section: unknown): void {
  const g = (section ?? {}) as { params?: Partial<SlashingParamsJson> };
  setSlashingParams(kv, slashingParamsFromJson(g.params));
  for (const v of staking.allValidators(kv)) {
    const cons = addressFromPubKey(v.consPubKey);
    if (!getSigningInfo(kv, cons)) setSigningInfo(kv, cons, newSigningInfo(0n));
  }
}
