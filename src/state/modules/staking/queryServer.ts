// gRPC-style queries of staking at the SDK's paths, so cosmjs's setupStakingExtension works.
import * as Q from 'cosmjs-types/cosmos/staking/v1beta1/query';
import { Delegation, UnbondingDelegation, Validator, bondStatusToJSON, type DelegationResponse } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import { fromBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import type { QueryView } from '../../context.js';
import { decFromProto } from '../../dec.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import type { StakingKeeper } from './keeper.js';
import { delegationKey, delegationsPrefix, unbondingKey, unbondingPrefix, validatorKey, validatorsPrefix } from './keys.js';
import { getStakingParams, toProtoParams } from './params.js';
import { BONDED_POOL, NOT_BONDED_POOL } from './pools.js';
import { tokensForShares } from './validator.js';

const MAX_SCAN = 10_000;

function account(address: string): Uint8Array {
  try {
    return fromBech32Address(address);
  } catch (err) {
    throw invalidArgument(`invalid delegator address ${JSON.stringify(address.slice(0, 100))}: ${(err as Error).message}`);
  }
}

function operator(address: string): Uint8Array {
  try {
    return fromBech32Address(address, VALOPER_PREFIX);
  } catch (err) {
    throw invalidArgument(`invalid validator address ${JSON.stringify(address.slice(0, 100))}: ${(err as Error).message}`);
  }
}

/** Values under a prefix that pass a filter (small sets: validators, one validator's delegations). */
async function scan<T>(view: QueryView, prefix: Uint8Array, decode: (raw: Uint8Array) => T, keep: (t: T) => boolean): Promise<T[]> {
  const out: T[] = [];
  let n = 0;
  for await (const [, value] of view.iterate(prefix)) {
    if (++n > MAX_SCAN) break;
    const t = decode(value);
    if (keep(t)) out.push(t);
  }
  return out;
}

export function stakingQueries(staking: StakingKeeper): Record<string, QueryHandler> {
  const delegationResponse = (view: QueryView, d: Delegation): DelegationResponse => {
    const v = staking.getValidator(view, operator(d.validatorAddress));
    const tokens = v ? tokensForShares(v, decFromProto(d.shares)) : 0n;
    return { delegation: d, balance: { denom: getStakingParams(view).bondDenom, amount: tokens.toString() } };
  };

  return {
    '/cosmos.staking.v1beta1.Query/Validators': async (req, view) => {
      const { status, pagination } = Q.QueryValidatorsRequest.decode(req);
      if (!status) {
        const page = await paginate(view, validatorsPrefix(), pagination);
        return Q.QueryValidatorsResponse.encode({ validators: page.items.map(([, v]) => Validator.decode(v)), pagination: page.response }).finish();
      }
      if (!/^BOND_STATUS_(BONDED|UNBONDING|UNBONDED)$/.test(status)) throw invalidArgument(`invalid validator status ${JSON.stringify(status.slice(0, 40))}`);
      const validators = await scan(view, validatorsPrefix(), (raw) => Validator.decode(raw), (v) => bondStatusToJSON(v.status) === status);
      return Q.QueryValidatorsResponse.encode({ validators, pagination: { nextKey: new Uint8Array(), total: BigInt(validators.length) } }).finish();
    },

    '/cosmos.staking.v1beta1.Query/Validator': async (req, view) => {
      const { validatorAddr } = Q.QueryValidatorRequest.decode(req);
      const v = view.get(validatorKey(operator(validatorAddr)));
      if (!v) throw notFound(`validator ${validatorAddr} not found`);
      return Q.QueryValidatorResponse.encode({ validator: Validator.decode(v) }).finish();
    },

    '/cosmos.staking.v1beta1.Query/Delegation': async (req, view) => {
      const { delegatorAddr, validatorAddr } = Q.QueryDelegationRequest.decode(req);
      const raw = view.get(delegationKey(account(delegatorAddr), operator(validatorAddr)));
      if (!raw) throw notFound(`delegation with delegator ${delegatorAddr} not found for validator ${validatorAddr}`);
      return Q.QueryDelegationResponse.encode({ delegationResponse: delegationResponse(view, Delegation.decode(raw)) }).finish();
    },

    '/cosmos.staking.v1beta1.Query/DelegatorDelegations': async (req, view) => {
      const { delegatorAddr, pagination } = Q.QueryDelegatorDelegationsRequest.decode(req);
      const page = await paginate(view, delegationsPrefix(account(delegatorAddr)), pagination);
      return Q.QueryDelegatorDelegationsResponse.encode({
        delegationResponses: page.items.map(([, raw]) => delegationResponse(view, Delegation.decode(raw))),
        pagination: page.response,
      }).finish();
    },

    '/cosmos.staking.v1beta1.Query/ValidatorDelegations': async (req, view) => {
      const { validatorAddr } = Q.QueryValidatorDelegationsRequest.decode(req);
      operator(validatorAddr);
      const found = await scan(view, delegationsPrefix(), (raw) => Delegation.decode(raw), (d) => d.validatorAddress === validatorAddr);
      return Q.QueryValidatorDelegationsResponse.encode({
        delegationResponses: found.map((d) => delegationResponse(view, d)),
        pagination: { nextKey: new Uint8Array(), total: BigInt(found.length) },
      }).finish();
    },

    '/cosmos.staking.v1beta1.Query/UnbondingDelegation': async (req, view) => {
      const { delegatorAddr, validatorAddr } = Q.QueryUnbondingDelegationRequest.decode(req);
      const raw = view.get(unbondingKey(account(delegatorAddr), operator(validatorAddr)));
      if (!raw) throw notFound(`unbonding delegation with delegator ${delegatorAddr} not found for validator ${validatorAddr}`);
      return Q.QueryUnbondingDelegationResponse.encode({ unbond: UnbondingDelegation.decode(raw) }).finish();
    },

    '/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations': async (req, view) => {
      const { delegatorAddr, pagination } = Q.QueryDelegatorUnbondingDelegationsRequest.decode(req);
      const page = await paginate(view, unbondingPrefix(account(delegatorAddr)), pagination);
      return Q.QueryDelegatorUnbondingDelegationsResponse.encode({
        unbondingResponses: page.items.map(([, raw]) => UnbondingDelegation.decode(raw)),
        pagination: page.response,
      }).finish();
    },

    '/cosmos.staking.v1beta1.Query/Params': async (_req, view) =>
      Q.QueryParamsResponse.encode({ params: toProtoParams(getStakingParams(view)) }).finish(),

    '/cosmos.staking.v1beta1.Query/Pool': async (_req, view) => {
      const denom = getStakingParams(view).bondDenom;
      const pool = {
        bondedTokens: staking.bank.getBalance(view, BONDED_POOL, denom).toString(),
        notBondedTokens: staking.bank.getBalance(view, NOT_BONDED_POOL, denom).toString(),
      };
      return Q.QueryPoolResponse.encode({ pool }).finish();
    },
  };
}
