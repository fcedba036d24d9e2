// What slashing asks of staking: slash, jail, unjail, by consensus address. The expected
// keeper of the slashing module (StakingPenalties) is this narrow surface.
import { toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import type { Ctx } from '../../context.js';
import { mulDecTruncate } from '../../dec.js';
import type { ReadonlyKV } from '../../store/kv.js';
import type { StakingKeeper } from './keeper.js';
import { POWER_REDUCTION } from './params.js';
import { slashUnbondings } from './unbonding.js';
import { tokensForShares, type ValidatorRecord } from './validator.js';

export interface StakingPenalties {
  validatorByConsAddress(kv: ReadonlyKV, cons: Uint8Array): ValidatorRecord | undefined;
  validatorByOperator(kv: ReadonlyKV, operator: Uint8Array): ValidatorRecord | undefined;
  /** Burns `fraction` of the stake the validator had at the infraction; returns the amount burned. */
  slash(ctx: Ctx, cons: Uint8Array, infractionHeight: bigint, power: bigint, fraction: bigint): bigint;
  jail(ctx: Ctx, cons: Uint8Array): void;
  unjail(ctx: Ctx, operator: Uint8Array): void;
  /** Tokens the operator's own delegation is worth. */
  selfBondTokens(kv: ReadonlyKV, v: ValidatorRecord): bigint;
}

export function stakingPenalties(staking: StakingKeeper): StakingPenalties {
  return {
    validatorByConsAddress: (kv, cons) => staking.validatorByConsAddress(kv, cons),
    validatorByOperator: (kv, operator) => staking.getValidator(kv, operator),

    slash(ctx, cons, infractionHeight, power, fraction) {
      const v = staking.validatorByConsAddress(ctx.kv, cons);
      if (!v) return 0n;
      const due = mulDecTruncate(power * POWER_REDUCTION, fraction);
      // Stake that was unbonding since the infraction still answers for it.
      const fromUnbonding = infractionHeight < ctx.block.height ? slashUnbondings(staking, ctx, v.operator, infractionHeight, fraction) : 0n;
      let fromValidator = due - fromUnbonding;
      if (fromValidator > v.tokens) fromValidator = v.tokens;
      if (fromValidator < 0n) fromValidator = 0n;
      staking.burnFromValidator(ctx, v, fromValidator);
      return fromUnbonding + fromValidator;
    },

    jail(ctx, cons) {
      const v = staking.validatorByConsAddress(ctx.kv, cons);
      if (!v || v.jailed) return;
      v.jailed = true;
      staking.setValidator(ctx.kv, v);
    },

    unjail(ctx, operator) {
      const v = staking.mustGetValidator(ctx.kv, operator);
      v.jailed = false;
      staking.setValidator(ctx.kv, v);
      ctx.events.emit('unjail', { validator: toBech32Address(operator, VALOPER_PREFIX) });
    },

    selfBondTokens: (kv, v) => tokensForShares(v, staking.getDelegationShares(kv, v.operator, v.operator)),
  };
}
