// Staking parameters (the SDK's x/staking Params): names, JSON form and defaults. The devnet
// unbonding time is 60 s so that tests can watch an unbonding mature.
import { Params } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import { decFromProto, decToProto, formatDec, ONE, parseDec } from '../../dec.js';
import { formatDurationMs, msToProtoTime, parseDurationMs, protoTimeToMs } from '../../duration.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { paramsKey } from './keys.js';

/** Tokens per unit of consensus power (the SDK's DefaultPowerReduction). */
export const POWER_REDUCTION = 1_000_000n;

export interface StakingParams {
  unbondingTimeMs: bigint;
  maxValidators: number;
  maxEntries: number;
  historicalEntries: number;
  bondDenom: string;
  minCommissionRate: bigint;
}

export const DEFAULT_STAKING_PARAMS: StakingParams = {
  unbondingTimeMs: 60_000n,
  maxValidators: 100,
  maxEntries: 7,
  historicalEntries: 0,
  bondDenom: 'useed',
  minCommissionRate: 0n,
};

export interface StakingParamsJson {
  unbonding_time: string;
  max_validators: number;
  max_entries: number;
  historical_entries: number;
  bond_denom: string;
  min_commission_rate: string;
}

export function stakingParamsToJson(p: StakingParams): StakingParamsJson {
  return {
    unbonding_time: formatDurationMs(p.unbondingTimeMs),
    max_validators: p.maxValidators,
    max_entries: p.maxEntries,
    historical_entries: p.historicalEntries,
    bond_denom: p.bondDenom,
    min_commission_rate: formatDec(p.minCommissionRate),
  };
}

function smallUint(v: unknown, name: string, min: number): number {
  const n = typeof v === 'string' && /^[0-9]{1,9}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > 1_000_000) {
    throw sdkError(SDK.InvalidRequest, `staking params ${name} must be an integer >= ${min}`);
  }
  return n;
}

export function stakingParamsFromJson(json: Partial<StakingParamsJson> | undefined): StakingParams {
  const j = json ?? {};
  const d = DEFAULT_STAKING_PARAMS;
  const p: StakingParams = {
    unbondingTimeMs: j.unbonding_time === undefined ? d.unbondingTimeMs : parseDurationMs(j.unbonding_time, 'staking params unbonding_time'),
    maxValidators: j.max_validators === undefined ? d.maxValidators : smallUint(j.max_validators, 'max_validators', 1),
    maxEntries: j.max_entries === undefined ? d.maxEntries : smallUint(j.max_entries, 'max_entries', 1),
    historicalEntries: j.historical_entries === undefined ? d.historicalEntries : smallUint(j.historical_entries, 'historical_entries', 0),
    bondDenom: j.bond_denom ?? d.bondDenom,
    minCommissionRate: j.min_commission_rate === undefined ? d.minCommissionRate : parseDec(j.min_commission_rate, 'min_commission_rate'),
  };
  if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(p.bondDenom)) throw sdkError(SDK.InvalidRequest, 'staking params bond_denom is not a valid denom');
  if (p.minCommissionRate > ONE) throw sdkError(SDK.InvalidRequest, 'staking params min_commission_rate must be at most 1');
  return p;
}

export function toProtoParams(p: StakingParams): Params {
  return Params.fromPartial({
    unbondingTime: msToProtoTime(p.unbondingTimeMs),
    maxValidators: p.maxValidators,
    maxEntries: p.maxEntries,
    historicalEntries: p.historicalEntries,
    bondDenom: p.bondDenom,
    minCommissionRate: decToProto(p.minCommissionRate),
  });
}

export function setStakingParams(kv: KV, p: StakingParams): void {
  kv.set(paramsKey(), Params.encode(toProtoParams(p)).finish());
}

export function getStakingParams(kv: ReadonlyKV): StakingParams {
  const raw = kv.get(paramsKey());
  if (!raw) return DEFAULT_STAKING_PARAMS;
  const p = Params.decode(raw);
  return {
    unbondingTimeMs: protoTimeToMs(p.unbondingTime),
    maxValidators: p.maxValidators,
    maxEntries: p.maxEntries,
    historicalEntries: p.historicalEntries,
    bondDenom: p.bondDenom,
    minCommissionRate: decFromProto(p.minCommissionRate || '0'),
  };
}
