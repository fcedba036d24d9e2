// The bonded set: the top `max_validators` validators that are not jailed and have power,
// by power then operator address. At the end of each block the set is recomputed and the
// difference against the last one goes to consensus (power 0 removes a validator).
import { bytesEqual, compareBytes } from '../../../util/bytes.js';
import type { ValidatorUpdate } from '../../../consensus/validatorSet.js';
import type { Ctx } from '../../context.js';
import type { StakingKeeper } from './keeper.js';
import { lastSetKey } from './keys.js';
import { decodeLastSet, encodeLastSet, type LastSetEntry } from './lists.js';
import { getStakingParams } from './params.js';
import { BondStatus, consAddress, consensusPower, type ValidatorRecord } from './validator.js';


/** Recomputes the bonded set, moves tokens between pools for validators that join or leave, returns the diff. */
export function applyValidatorSetUpdates(staking: StakingKeeper, ctx: Ctx): ValidatorUpdate[] {
  const { maxValidators } = getStakingParams(ctx.kv);
  const candidates = staking
    .allValidators(ctx.kv)
    .filter((v) => !v.jailed && consensusPower(v.tokens) > 0n)
    .sort((a, b) => {
      const pa = consensusPower(a.tokens);
      const pb = consensusPower(b.tokens);
      return pa !== pb ? (pa > pb ? -1 : 1) : compareBytes(a.operator, b.operator);
    })
    .slice(0, maxValidators);

  const last = decodeLastSet(ctx.kv.get(lastSetKey()));
  const changed: { v: ValidatorRecord; power: bigint }[] = [];
  const next: LastSetEntry[] = [];
  for (const v of candidates) {
    const power = consensusPower(v.tokens);
    next.push({ operator: v.operator, power });
    const before = last.find((e) => bytesEqual(e.operator, v.operator));
    if (v.status !== BondStatus.BOND_STATUS_BONDED) {
      v.unbondingHeight = 0n;
      v.unbondingTimeMs = 0n;
      staking.setStatus(ctx, v, BondStatus.BOND_STATUS_BONDED);
    }
    if (!before || before.power !== power) changed.push({ v, power });
  }
  for (const e of last) {
    if (next.some((n) => bytesEqual(n.operator, e.operator))) continue;
    const v = staking.mustGetValidator(ctx.kv, e.operator);
    v.unbondingHeight = ctx.block.height;
    v.unbondingTimeMs = ctx.block.timeMs;
    staking.setStatus(ctx, v, BondStatus.BOND_STATUS_UNBONDED);
    changed.push({ v, power: 0n });
  }
  ctx.kv.set(lastSetKey(), encodeLastSet(next));
  return changed
    .sort((a, b) => compareBytes(consAddress(a.v), consAddress(b.v)))
    .map(({ v, power }) => ({ pubKey: v.consPubKey, power }));
}
