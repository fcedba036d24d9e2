// Undelegation: shares leave the validator now, the tokens wait in the not-bonded pool until
// the block time passes the completion time, then go back to the delegator (end of block,
// in queue order: completion time, delegator, validator).
import { UnbondingDelegation } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import { toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { bytesEqual } from '../../../util/bytes.js';
import type { Ctx } from '../../context.js';
import { msToProtoTime, protoTimeToMs } from '../../duration.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { STAKING, stakingError } from './errors.js';
import type { StakingKeeper } from './keeper.js';
import { unbondingKey, unbondingQueueKey } from './keys.js';
import { compareQueue, decodeQueue, encodeQueue, type QueueEntry } from './lists.js';
import { getStakingParams } from './params.js';
import { NOT_BONDED_POOL } from './pools.js';
import { sharesForTokens, tokensForShares, type ValidatorRecord } from './validator.js';

export interface UnbondingEntry {
  creationHeight: bigint;
  completionMs: bigint;
  initialBalance: bigint;
  balance: bigint;
}

export function getUnbonding(kv: ReadonlyKV, delegator: Uint8Array, operator: Uint8Array): UnbondingEntry[] {
  const raw = kv.get(unbondingKey(delegator, operator));
  if (!raw) return [];
  return UnbondingDelegation.decode(raw).entries.map((e) => ({
    creationHeight: e.creationHeight,
    completionMs: protoTimeToMs(e.completionTime),
    initialBalance: BigInt(e.initialBalance),
    balance: BigInt(e.balance),
  }));
}

export function setUnbonding(kv: KV, delegator: Uint8Array, operator: Uint8Array, entries: UnbondingEntry[]): void {
  const key = unbondingKey(delegator, operator);
  if (entries.length === 0) {
    kv.delete(key);
    return;
  }
  const ubd = UnbondingDelegation.fromPartial({
    delegatorAddress: toBech32Address(delegator),
    validatorAddress: toBech32Address(operator, VALOPER_PREFIX),
    entries: entries.map((e) => ({
      creationHeight: e.creationHeight,
      completionTime: msToProtoTime(e.completionMs),
      initialBalance: e.initialBalance.toString(),
      balance: e.balance.toString(),
    })),
  });
  kv.set(key, UnbondingDelegation.encode(ubd).finish());
}

/** Starts unbonding `amount` tokens; returns the tokens actually unbonded and when they mature. */
export function undelegate(
  staking: StakingKeeper,
  ctx: Ctx,
  delegator: Uint8Array,
  v: ValidatorRecord,
  amount: bigint,
): { amount: bigint; completionMs: bigint } {
  if (amount <= 0n) throw stakingError(STAKING.InvalidAmount, 'undelegation amount must be positive');
  const params = getStakingParams(ctx.kv);
  const have = staking.getDelegationShares(ctx.kv, delegator, v.operator);
  if (have === 0n) throw stakingError(STAKING.NoDelegation, 'no delegation for (address, validator) tuple');
  let shares = sharesForTokens(v, amount);
  if (shares > have) {
    throw stakingError(STAKING.NotEnoughDelegationShares, `invalid shares amount: ${amount} is more than the ${tokensForShares(v, have)} delegated`);
  }
  // Rounding must never leave dust shares that are worth nothing.
  if (tokensForShares(v, have - shares) === 0n) shares = have;
  const entries = getUnbonding(ctx.kv, delegator, v.operator);
  if (entries.length >= params.maxEntries) {
    throw stakingError(STAKING.MaxUnbondingDelegationEntries, `too many unbonding delegation entries for (delegator, validator) tuple (max ${params.maxEntries})`);
  }

  const tokens = tokensForShares(v, shares);
  v.tokens -= tokens;
  v.shares -= shares;
  staking.setDelegationShares(ctx.kv, delegator, v.operator, have - shares);
  // An operator whose own stake falls below its minimum is jailed (as the SDK does).
  if (bytesEqual(delegator, v.operator) && !v.jailed && tokensForShares(v, have - shares) < v.minSelfDelegation) v.jailed = true;
  staking.setValidator(ctx.kv, v);
  if (tokens > 0n && !bytesEqual(staking.poolOf(v), NOT_BONDED_POOL)) {
    staking.bank.send(ctx, staking.poolOf(v), NOT_BONDED_POOL, [{ denom: params.bondDenom, amount: tokens }]);
  }

  const completionMs = ctx.block.timeMs + params.unbondingTimeMs;
  entries.push({ creationHeight: ctx.block.height, completionMs, initialBalance: tokens, balance: tokens });
  setUnbonding(ctx.kv, delegator, v.operator, entries);
  const queue = decodeQueue(ctx.kv.get(unbondingQueueKey()));
  queue.push({ completionMs, delegator, operator: v.operator });
  queue.sort(compareQueue);
  ctx.kv.set(unbondingQueueKey(), encodeQueue(queue));
  return { amount: tokens, completionMs };
}

/** Pays out every unbonding entry whose time has come; end of block. */
export function completeMatureUnbondings(staking: StakingKeeper, ctx: Ctx): void {
  const queue = decodeQueue(ctx.kv.get(unbondingQueueKey()));
  const now = ctx.block.timeMs;
  let due = 0;
  while (due < queue.length && queue[due].completionMs <= now) due++;
  if (due === 0) return;
  const denom = getStakingParams(ctx.kv).bondDenom;
  const seen: QueueEntry[] = [];
  for (const q of queue.slice(0, due)) {
    if (seen.some((s) => bytesEqual(s.delegator, q.delegator) && bytesEqual(s.operator, q.operator))) continue;
    seen.push(q);
    const entries = getUnbonding(ctx.kv, q.delegator, q.operator);
    let paid = 0n;
    const left = entries.filter((e) => {
      if (e.completionMs > now) return true;
      paid += e.balance;
      return false;
    });
    setUnbonding(ctx.kv, q.delegator, q.operator, left);
    if (paid > 0n) staking.bank.send(ctx, NOT_BONDED_POOL, q.delegator, [{ denom, amount: paid }]);
    ctx.events.emit('complete_unbonding', {
      amount: `${paid}${denom}`,
      validator: toBech32Address(q.operator, VALOPER_PREFIX),
      delegator: toBech32Address(q.delegator),
    });
  }
  ctx.kv.set(unbondingQueueKey(), encodeQueue(queue.slice(due)));
}

/**
 * Slashes the unbonding entries of a validator created at or after the infraction height by
 * `fraction` of their initial balance (capped by what is left); returns the total burned.
 */
export function slashUnbondings(staking: StakingKeeper, ctx: Ctx, operator: Uint8Array, infractionHeight: bigint, fraction: bigint): bigint {
  const queue = decodeQueue(ctx.kv.get(unbondingQueueKey()));
  const denom = getStakingParams(ctx.kv).bondDenom;
  const delegators: Uint8Array[] = [];
  for (const q of queue) {
    if (bytesEqual(q.operator, operator) && !delegators.some((d) => bytesEqual(d, q.delegator))) delegators.push(q.delegator);
  }
  let total = 0n;
  for (const delegator of delegators) {
    const entries = getUnbonding(ctx.kv, delegator, operator);
    for (const e of entries) {
      if (e.creationHeight < infractionHeight || e.completionMs <= ctx.block.timeMs) continue;
      let cut = (e.initialBalance * fraction) / 10n ** 18n;
      if (cut > e.balance) cut = e.balance;
      e.balance -= cut;
      total += cut;
    }
    setUnbonding(ctx.kv, delegator, operator, entries);
  }
  if (total > 0n) staking.bank.burn(ctx, NOT_BONDED_POOL, [{ denom, amount: total }]);
  return total;
}
