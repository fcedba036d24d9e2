// Builds the staking part of a genesis.json: a validator self-bonded from its operator's
// genesis balance, the matching delegation, and the CometBFT `validators` entry. Used by
// `init` and `testnet`; the app checks at InitChain that both views agree.
import { createHash } from 'node:crypto';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { formatDec, ONE } from '../../dec.js';
import { slashingParamsToJson, DEFAULT_SLASHING_PARAMS, type SlashingParamsJson } from '../slashing/params.js';
import type { GenesisKeyAgentJson } from './keyAgents.js';
import { DEFAULT_STAKING_PARAMS, POWER_REDUCTION, stakingParamsToJson, type StakingParamsJson } from './params.js';
import { BONDED_POOL_NAME, moduleAccountBech32 } from './pools.js';

export const ED25519_PUBKEY_URL = '/cosmos.crypto.ed25519.PubKey';

export interface GenesisValidatorJson {
  operator_address: string;
  consensus_pubkey: { '@type': string; key: string };
  jailed: boolean;
  status: 'BOND_STATUS_BONDED' | 'BOND_STATUS_UNBONDING' | 'BOND_STATUS_UNBONDED';
  tokens: string;
  delegator_shares: string;
  description: { moniker: string; identity?: string; website?: string; security_contact?: string; details?: string };
  commission: { commission_rates: { rate: string; max_rate: string; max_change_rate: string } };
  min_self_delegation: string;
}

export interface GenesisDelegationJson {
  delegator_address: string;
  validator_address: string;
  shares: string;
}

export interface StakingGenesis {
  params: StakingParamsJson;
  validators: GenesisValidatorJson[];
  delegations: GenesisDelegationJson[];
  /** Validators' key agents from block 1 (optional; each names a genesis validator). */
  key_agents?: GenesisKeyAgentJson[];
}

export interface SlashingGenesis {
  params: SlashingParamsJson;
  signing_infos: unknown[];
}

export function defaultStakingGenesis(): StakingGenesis {
  return { params: stakingParamsToJson(DEFAULT_STAKING_PARAMS), validators: [], delegations: [] };
}

export function defaultSlashingGenesis(): SlashingGenesis {
  return { params: slashingParamsToJson(DEFAULT_SLASHING_PARAMS), signing_infos: [] };
}

export class GenesisBuildError extends Error {
  constructor(
    readonly code: 'GENESIS_VALIDATOR_INVALID' | 'GENESIS_VALIDATOR_UNFUNDED' | 'GENESIS_VALIDATOR_DUPLICATE',
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GenesisBuildError';
  }
}

export interface GenesisValidatorInput {
  /** seed1... account that must be funded in genesis (bank.balances). */
  operator: string;
  consensusPubKey: Uint8Array;
  moniker: string;
  selfDelegation: bigint;
}

/**
 * Adds a bonded validator to a genesis document in place: moves `selfDelegation` of the bond
 * denom from the operator's balance to the bonded pool, adds the staking validator and its
 * self-delegation, and appends the CometBFT validator entry. Returns the genesis.
 */
export function addGenesisValidator(genesis: any, v: GenesisValidatorInput): any {
  const appState = (genesis.app_state ??= {});
  const staking: StakingGenesis = (appState.staking ??= defaultStakingGenesis());
  staking.validators ??= [];
  staking.delegations ??= [];
  appState.slashing ??= defaultSlashingGenesis();
  const denom = staking.params?.bond_denom ?? DEFAULT_STAKING_PARAMS.bondDenom;

  let operatorBytes: Uint8Array;
  try {
    operatorBytes = fromBech32Address(v.operator);
  } catch (err) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', `operator ${JSON.stringify(v.operator)}: ${(err as Error).message}`);
  }
  if (!(v.consensusPubKey instanceof Uint8Array) || v.consensusPubKey.length !== 32) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', 'consensus pubkey must be a 32-byte ed25519 key', { operator: v.operator });
  }
  const power = v.selfDelegation / POWER_REDUCTION;
  if (power <= 0n) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', `self-delegation must be at least ${POWER_REDUCTION}${denom} (power 1)`, { operator: v.operator });
  }
  const valoper = toBech32Address(operatorBytes, VALOPER_PREFIX);
  const pubB64 = Buffer.from(v.consensusPubKey).toString('base64');
  if (staking.validators.some((x) => x.operator_address === valoper || x.consensus_pubkey?.key === pubB64)) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_DUPLICATE', `validator ${valoper} or its consensus key is already in genesis`, { operator: v.operator });
  }

  const bank = (appState.bank ??= {});
  const balances: { address: string; coins: { denom: string; amount: string }[] }[] = (bank.balances ??= []);
  const from = balances.find((b) => b.address === v.operator);
  const coin = from?.coins.find((c) => c.denom === denom);
  if (!from || !coin || BigInt(coin.amount) < v.selfDelegation) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_UNFUNDED', `operator ${v.operator} has ${coin?.amount ?? 0}${denom} in genesis, needs ${v.selfDelegation}${denom}`, { operator: v.operator });
  }
  coin.amount = (BigInt(coin.amount) - v.selfDelegation).toString();
  const poolAddress = moduleAccountBech32(BONDED_POOL_NAME);
  let pool = balances.find((b) => b.address === poolAddress);
  if (!pool) balances.push((pool = { address: poolAddress, coins: [] }));
  const poolCoin = pool.coins.find((c) => c.denom === denom);
  if (poolCoin) poolCoin.amount = (BigInt(poolCoin.amount) + v.selfDelegation).toString();
  else pool.coins.push({ denom, amount: v.selfDelegation.toString() }), pool.coins.sort((a, b) => (a.denom < b.denom ? -1 : 1));

  const shares = formatDec(v.selfDelegation * ONE);
  staking.validators.push({
    operator_address: valoper,
    consensus_pubkey: { '@type': ED25519_PUBKEY_URL, key: pubB64 },
    jailed: false,
    status: 'BOND_STATUS_BONDED',
    tokens: v.selfDelegation.toString(),
    delegator_shares: shares,
    description: { moniker: v.moniker },
    commission: { commission_rates: { rate: formatDec(ONE / 10n), max_rate: formatDec(ONE / 5n), max_change_rate: formatDec(ONE / 100n) } },
    min_self_delegation: '1',
  });
  staking.delegations.push({ delegator_address: v.operator, validator_address: valoper, shares });

  genesis.validators ??= [];
  genesis.validators.push({
    address: createHash('sha256').update(v.consensusPubKey).digest().subarray(0, 20).toString('hex').toUpperCase(),
    pub_key: { type: 'tendermint/PubKeyEd25519', value: pubB64 },
    power: power.toString(),
    name: v.moniker,
  });
  return genesis;
}

export interface GenesisKeyAgentInput {
  /** The validator's operator account (seed1...) or its seedvaloper... address. */
  operator: string;
  x25519PublicKey: Uint8Array;
  peerId: string;
  addrs: string[];
}

/**
 * Adds a key agent for a validator already added to the genesis (staking `key_agents`), so
 * custody can be dealt to it on a fresh chain without a MsgRegisterKeyAgent. Returns the genesis.
 */
export function addGenesisKeyAgent(genesis: any, a: GenesisKeyAgentInput): any {
  const staking: StakingGenesis | undefined = genesis.app_state?.staking;
  let operatorBytes: Uint8Array;
  try {
    operatorBytes = a.operator.startsWith(VALOPER_PREFIX) ? fromBech32Address(a.operator, VALOPER_PREFIX) : fromBech32Address(a.operator);
  } catch (err) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', `key agent operator ${JSON.stringify(a.operator)}: ${(err as Error).message}`);
  }
  const valoper = toBech32Address(operatorBytes, VALOPER_PREFIX);
  if (!staking?.validators?.some((v) => v.operator_address === valoper)) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', `key agent for ${valoper}: not a genesis validator (add the validator first)`, { operator: valoper });
  }
  if (!(a.x25519PublicKey instanceof Uint8Array) || a.x25519PublicKey.length !== 32) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_INVALID', 'key agent x25519 public key must be 32 bytes', { operator: valoper });
  }
  staking.key_agents ??= [];
  if (staking.key_agents.some((k) => k.operator === valoper)) {
    throw new GenesisBuildError('GENESIS_VALIDATOR_DUPLICATE', `validator ${valoper} already has a genesis key agent`, { operator: valoper });
  }
  staking.key_agents.push({ operator: valoper, x25519_public_key: Buffer.from(a.x25519PublicKey).toString('base64'), peer_id: a.peerId, addrs: a.addrs });
  return genesis;
}
