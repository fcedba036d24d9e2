// Validators and delegations: the state staking owns, and the coin moves between delegators
// and the two pools. Other modules use the narrow interfaces at the bottom.
import { Delegation } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import { toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { addressFromPubKey } from '../../../consensus/signBytes.js';
import { compareBytes } from '../../../util/bytes.js';
import type { Ctx } from '../../context.js';
import { decFromProto, decToProto } from '../../dec.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import type { BankKeeper } from '../bank/keeper.js';
import { STAKING, stakingError } from './errors.js';
import { delegationKey, validatorByConsKey, validatorKey, validatorListKey } from './keys.js';
import { decodeOperators, encodeOperators } from './lists.js';
import { getStakingParams } from './params.js';
import { BONDED_POOL, NOT_BONDED_POOL } from './pools.js';
import { BondStatus, decodeValidator, encodeValidator, sharesForTokens, valoperOf, type ValidatorRecord } from './validator.js';

export class StakingKeeper {
  constructor(readonly bank: BankKeeper) {}

  // ---- validators ----

  getValidator(kv: ReadonlyKV, operator: Uint8Array): ValidatorRecord | undefined {
    const raw = kv.get(validatorKey(operator));
    return raw ? decodeValidator(raw) : undefined;
  }

  mustGetValidator(kv: ReadonlyKV, operator: Uint8Array): ValidatorRecord {
    const v = this.getValidator(kv, operator);
    if (!v) throw stakingError(STAKING.NoValidatorFound, `validator ${toBech32Address(operator, VALOPER_PREFIX)} does not exist`);
    return v;
  }

  validatorByConsAddress(kv: ReadonlyKV, cons: Uint8Array): ValidatorRecord | undefined {
    const op = kv.get(validatorByConsKey(cons));
    return op ? this.getValidator(kv, op) : undefined;
  }

  setValidator(kv: KV, v: ValidatorRecord): void {
    kv.set(validatorKey(v.operator), encodeValidator(v));
  }

  /** Registers a new validator (index, consensus-address lookup). */
  addValidator(kv: KV, v: ValidatorRecord): void {
    if (this.getValidator(kv, v.operator)) throw stakingError(STAKING.ValidatorOwnerExists, `validator ${valoperOf(v)} already exists for this operator`);
    const cons = addressFromPubKey(v.consPubKey);
    if (kv.get(validatorByConsKey(cons))) throw stakingError(STAKING.ValidatorPubKeyExists, 'a validator with this consensus pubkey already exists');
    this.setValidator(kv, v);
    kv.set(validatorByConsKey(cons), v.operator);
    const ops = decodeOperators(kv.get(validatorListKey()));
    ops.push(v.operator);
    ops.sort(compareBytes);
    kv.set(validatorListKey(), encodeOperators(ops));
  }

  /** Every validator, in operator-address order. */
  allValidators(kv: ReadonlyKV): ValidatorRecord[] {
    return decodeOperators(kv.get(validatorListKey())).map((op) => this.mustGetValidator(kv, op));
  }

  // ---- delegations ----

  getDelegationShares(kv: ReadonlyKV, delegator: Uint8Array, operator: Uint8Array): bigint {
    const raw = kv.get(delegationKey(delegator, operator));
    return raw ? decFromProto(Delegation.decode(raw).shares) : 0n;
  }

  setDelegationShares(kv: KV, delegator: Uint8Array, operator: Uint8Array, shares: bigint): void {
    const key = delegationKey(delegator, operator);
    if (shares === 0n) {
      kv.delete(key);
      return;
    }
    const d = { delegatorAddress: toBech32Address(delegator), validatorAddress: toBech32Address(operator, VALOPER_PREFIX), shares: decToProto(shares) };
    kv.set(key, Delegation.encode(d).finish());
  }

  poolOf(v: ValidatorRecord): Uint8Array {
    return v.status === BondStatus.BOND_STATUS_BONDED ? BONDED_POOL : NOT_BONDED_POOL;
  }

  /** Bonds `amount` of the bond denom from the delegator to the validator; returns the shares issued. */
  delegate(ctx: Ctx, delegator: Uint8Array, v: ValidatorRecord, amount: bigint): bigint {
    if (amount <= 0n) throw stakingError(STAKING.InvalidAmount, 'delegation amount must be positive');
    const denom = getStakingParams(ctx.kv).bondDenom;
    this.bank.send(ctx, delegator, this.poolOf(v), [{ denom, amount }]);
    const shares = sharesForTokens(v, amount);
    v.tokens += amount;
    v.shares += shares;
    this.setValidator(ctx.kv, v);
    this.setDelegationShares(ctx.kv, delegator, v.operator, this.getDelegationShares(ctx.kv, delegator, v.operator) + shares);
    return shares;
  }

  /** Takes tokens off a validator and out of its pool, destroying them (slashing). */
  burnFromValidator(ctx: Ctx, v: ValidatorRecord, amount: bigint): void {
    if (amount <= 0n) return;
    this.bank.burn(ctx, this.poolOf(v), [{ denom: getStakingParams(ctx.kv).bondDenom, amount }]);
    v.tokens -= amount;
    this.setValidator(ctx.kv, v);
  }

  /** Moves a validator's tokens between pools when its status changes. */
  setStatus(ctx: Ctx, v: ValidatorRecord, status: BondStatus): void {
    const from = this.poolOf(v);
    v.status = status;
    const to = this.poolOf(v);
    if (v.tokens > 0n && compareBytes(from, to) !== 0) {
      this.bank.send(ctx, from, to, [{ denom: getStakingParams(ctx.kv).bondDenom, amount: v.tokens }]);
    }
    this.setValidator(ctx.kv, v);
  }
}
