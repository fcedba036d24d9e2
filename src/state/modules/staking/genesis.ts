// Genesis section of staking: params, validators (with status, tokens, shares), delegations.
// The pools must hold exactly the validators' tokens; InitChain returns the bonded set.
import { fromBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import type { ValidatorUpdate } from '../../../consensus/validatorSet.js';
import { bytesEqual } from '../../../util/bytes.js';
import type { BlockInfo, Ctx } from '../../context.js';
import { parseDec } from '../../dec.js';
import { SDK, sdkError } from '../../errors.js';
import { EventManager } from '../../events.js';
import { GasMeter } from '../../gas.js';
import type { KV } from '../../store/kv.js';
import type { GenesisDelegationJson, GenesisValidatorJson } from './genesisBuilder.js';
import { ED25519_PUBKEY_URL } from './genesisBuilder.js';
import type { StakingKeeper } from './keeper.js';
import { initKeyAgentsGenesis } from './keyAgents.js';
import { setStakingParams, stakingParamsFromJson, type StakingParamsJson } from './params.js';
import { BONDED_POOL, NOT_BONDED_POOL } from './pools.js';
import { applyValidatorSetUpdates } from './valset.js';
import { BondStatus, type ValidatorRecord } from './validator.js';

const STATUS: Record<string, BondStatus> = {
  BOND_STATUS_BONDED: BondStatus.BOND_STATUS_BONDED,
  BOND_STATUS_UNBONDING: BondStatus.BOND_STATUS_UNBONDING,
  BOND_STATUS_UNBONDED: BondStatus.BOND_STATUS_UNBONDED,
};

const bad = (msg: string) => sdkError(SDK.InvalidRequest, `genesis staking: ${msg}`);

function amount(text: unknown, what: string): bigint {
  if (typeof text !== 'string' || !/^[0-9]{1,78}$/.test(text)) throw bad(`${what} must be a non-negative integer string`);
  return BigInt(text);
}

function validatorFromJson(j: GenesisValidatorJson, i: number): ValidatorRecord {
  const where = `validators[${i}]`;
  let operator: Uint8Array;
  try {
    operator = fromBech32Address(j.operator_address, VALOPER_PREFIX);
  } catch (err) {
    throw bad(`${where}.operator_address: ${(err as Error).message}`);
  }
  if (j.consensus_pubkey?.['@type'] !== ED25519_PUBKEY_URL) throw bad(`${where}.consensus_pubkey must be ${ED25519_PUBKEY_URL}`);
  const consPubKey = new Uint8Array(Buffer.from(String(j.consensus_pubkey.key), 'base64'));
  if (consPubKey.length !== 32) throw bad(`${where}.consensus_pubkey must be 32 bytes`);
  const status = STATUS[j.status];
  if (status === undefined) throw bad(`${where}.status ${JSON.stringify(j.status)} is not a bond status`);
  const rates = j.commission?.commission_rates ?? { rate: '0', max_rate: '0', max_change_rate: '0' };
  const d = j.description ?? { moniker: '' };
  return {
    operator,
    consPubKey,
    jailed: j.jailed === true,
    status,
    tokens: amount(j.tokens, `${where}.tokens`),
    shares: parseDec(j.delegator_shares, `${where}.delegator_shares`),
    description: { moniker: d.moniker ?? '', identity: d.identity ?? '', website: d.website ?? '', securityContact: d.security_contact ?? '', details: d.details ?? '' },
    commission: { rate: parseDec(rates.rate), maxRate: parseDec(rates.max_rate), maxChangeRate: parseDec(rates.max_change_rate), updateTimeMs: 0n },
    minSelfDelegation: amount(j.min_self_delegation ?? '1', `${where}.min_self_delegation`),
    unbondingHeight: 0n,
    unbondingTimeMs: 0n,
  };
}

export function genesisCtx(kv: KV): Ctx {
  const block: BlockInfo = { chainId: '', height: 0n, timeMs: 0n };
  return { kv, gas: new GasMeter(undefined), events: new EventManager(), block, mode: 'deliver' };
}

export function initStakingGenesis(staking: StakingKeeper, kv: KV, section: unknown): ValidatorUpdate[] {
  const g = (section ?? {}) as { params?: Partial<StakingParamsJson>; validators?: GenesisValidatorJson[]; delegations?: GenesisDelegationJson[]; key_agents?: unknown };
  const params = stakingParamsFromJson(g.params);
  setStakingParams(kv, params);
  const validators = (g.validators ?? []).map(validatorFromJson);
  let bonded = 0n;
  let notBonded = 0n;
  for (const v of validators) {
    staking.addValidator(kv, v);
    if (v.status === BondStatus.BOND_STATUS_BONDED) bonded += v.tokens;
    else notBonded += v.tokens;
  }
  const sharesByValidator = new Map<ValidatorRecord, bigint>();
  (g.delegations ?? []).forEach((d, i) => {
    let delegator: Uint8Array;
    let operator: Uint8Array;
    try {
      delegator = fromBech32Address(d.delegator_address);
      operator = fromBech32Address(d.validator_address, VALOPER_PREFIX);
    } catch (err) {
      throw bad(`delegations[${i}]: ${(err as Error).message}`);
    }
    const v = validators.find((x) => bytesEqual(x.operator, operator));
    if (!v) throw bad(`delegations[${i}] names unknown validator ${d.validator_address}`);
    const shares = parseDec(d.shares, `delegations[${i}].shares`);
    if (staking.getDelegationShares(kv, delegator, operator) !== 0n) throw bad(`delegations[${i}] duplicates a delegation`);
    staking.setDelegationShares(kv, delegator, operator, shares);
    sharesByValidator.set(v, (sharesByValidator.get(v) ?? 0n) + shares);
  });
  for (const v of validators) {
    if ((sharesByValidator.get(v) ?? 0n) !== v.shares) throw bad(`delegations to a validator do not add up to its delegator_shares`);
  }
  const denom = params.bondDenom;
  const bondedPool = staking.bank.getBalance(kv, BONDED_POOL, denom);
  const notBondedPool = staking.bank.getBalance(kv, NOT_BONDED_POOL, denom);
  if (bondedPool !== bonded) throw bad(`bonded pool holds ${bondedPool}${denom} but bonded validators have ${bonded}${denom}`);
  if (notBondedPool !== notBonded) throw bad(`not-bonded pool holds ${notBondedPool}${denom} but other validators have ${notBonded}${denom}`);
  initKeyAgentsGenesis(staking, kv, g.key_agents);
  return applyValidatorSetUpdates(staking, genesisCtx(kv));
}
