// The record consensus keeps across heights (CometBFT's state.State), built from genesis and
// advanced by nextState after each committed block. Pure functions only.
import type { BlockID } from 'cosmjs-types/tendermint/types/types';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { ConsensusError } from './errors.js';
import { emptyBlockId } from './hashing.js';
import { sha256 } from './merkle.js';
import { rfc3339ToMs, timestampToMs } from './time.js';
import { ValidatorSet, type ValidatorUpdate } from './validatorSet.js';

export interface ConsensusParams {
  /** Max encoded block size. We default to 4 MiB (CometBFT's default is 22020096 = 21 MiB). */
  blockMaxBytes: bigint;
  /** Max total gas wanted per block; -1 = unlimited. */
  blockMaxGas: bigint;
}

export const DEFAULT_CONSENSUS_PARAMS: ConsensusParams = { blockMaxBytes: 4n * 1024n * 1024n, blockMaxGas: -1n };

export interface ChainState {
  chainId: string;
  initialHeight: bigint;
  /** initialHeight - 1 before the first block. */
  lastBlockHeight: bigint;
  lastBlockId: BlockID;
  /** ms since epoch; the genesis time before the first block. */
  lastBlockTime: bigint;
  /** Validators of height lastBlockHeight + 1 (their proposer is round 0's). */
  validators: ValidatorSet;
  nextValidators: ValidatorSet;
  /** Validators that signed lastBlockId (empty before the first block). */
  lastValidators: ValidatorSet;
  /** App hash after lastBlockHeight (goes into the next header). */
  appHash: Uint8Array;
  lastResultsHash: Uint8Array;
  consensusParams: ConsensusParams;
}

export interface ConsensusGenesis {
  chainId: string;
  initialHeight: bigint;
  genesisTimeMs: bigint;
  validators: ValidatorUpdate[];
  consensusParams?: Partial<ConsensusParams>;
  /** The app's hash after InitChain (empty if the app has none yet). */
  appHash?: Uint8Array;
}

export interface BlockOutcome {
  appHash: Uint8Array;
  lastResultsHash: Uint8Array;
  validatorUpdates: ValidatorUpdate[];
}

function badGenesis(message: string, context: Record<string, unknown> = {}): ConsensusError {
  return new ConsensusError('CONSENSUS_INVALID_GENESIS', message, context);
}

/** CometBFT's MakeGenesisState: validators incremented once, next validators once more. */
export function stateFromGenesis(doc: ConsensusGenesis): ChainState {
  if (!doc.chainId || doc.chainId.length > 50) throw badGenesis('chain id must be 1..50 characters');
  if (doc.initialHeight < 1n) throw badGenesis('initial height must be >= 1', { initialHeight: doc.initialHeight });
  if (doc.validators.length === 0) throw badGenesis('genesis needs at least one validator');
  const params = { ...DEFAULT_CONSENSUS_PARAMS, ...doc.consensusParams };
  if (params.blockMaxBytes <= 0n) throw badGenesis('block max bytes must be positive');
  if (params.blockMaxGas < -1n) throw badGenesis('block max gas must be -1 or more');
  const validators = ValidatorSet.fromUpdates(doc.validators);
  return {
    chainId: doc.chainId,
    initialHeight: doc.initialHeight,
    lastBlockHeight: doc.initialHeight - 1n,
    lastBlockId: emptyBlockId(),
    lastBlockTime: doc.genesisTimeMs,
    validators,
    nextValidators: validators.copyIncrementProposerPriority(1),
    lastValidators: ValidatorSet.fromValidators([]),
    appHash: doc.appHash ?? new Uint8Array(),
    lastResultsHash: sha256(new Uint8Array()),
    consensusParams: params,
  };
}

/** Reads the consensus part of a CometBFT-format genesis.json object. */
export function genesisFromJson(json: unknown): ConsensusGenesis {
  const g = json as Record<string, any>;
  if (!g || typeof g !== 'object') throw badGenesis('genesis is not an object');
  if (typeof g.chain_id !== 'string') throw badGenesis('chain_id missing');
  const validators = (Array.isArray(g.validators) ? g.validators : []).map((v: any, i: number) => {
    if (v?.pub_key?.type !== 'tendermint/PubKeyEd25519') throw badGenesis('validator pub_key must be tendermint/PubKeyEd25519', { index: i });
    const pubKey = new Uint8Array(Buffer.from(String(v.pub_key.value), 'base64'));
    if (pubKey.length !== 32) throw badGenesis('validator pub_key must be 32 bytes', { index: i });
    return { pubKey, power: parseBig(v.power, `validators[${i}].power`) };
  });
  const block = g.consensus_params?.block ?? {};
  return {
    chainId: g.chain_id,
    initialHeight: g.initial_height === undefined ? 1n : parseBig(g.initial_height, 'initial_height'),
    genesisTimeMs: rfc3339ToMs(String(g.genesis_time)),
    validators,
    consensusParams: {
      ...(block.max_bytes !== undefined ? { blockMaxBytes: parseBig(block.max_bytes, 'max_bytes') } : {}),
      ...(block.max_gas !== undefined ? { blockMaxGas: parseBig(block.max_gas, 'max_gas') } : {}),
    },
    appHash: g.app_hash ? new Uint8Array(Buffer.from(String(g.app_hash), 'hex')) : new Uint8Array(),
  };
}

function parseBig(v: unknown, field: string): bigint {
  if (typeof v !== 'string' && typeof v !== 'number') throw badGenesis(`${field} must be an integer`);
  const s = String(v);
  if (!/^-?\d+$/.test(s)) throw badGenesis(`${field} must be an integer`, { value: s });
  return BigInt(s);
}

/** The state after committing `block` (CometBFT updateState); validator updates apply at H+2. */
export function nextState(prev: ChainState, block: Block, blockId: BlockID, outcome: BlockOutcome): ChainState {
  const next = prev.nextValidators.copy();
  if (outcome.validatorUpdates.length > 0) next.updateWithChangeSet(outcome.validatorUpdates);
  next.incrementProposerPriority(1);
  return {
    ...prev,
    lastBlockHeight: block.header.height,
    lastBlockId: blockId,
    lastBlockTime: timestampToMs(block.header.time),
    validators: prev.nextValidators.copy(),
    nextValidators: next,
    lastValidators: prev.validators.copy(),
    appHash: outcome.appHash,
    lastResultsHash: outcome.lastResultsHash,
  };
}

export function nextHeight(state: ChainState): bigint {
  return state.lastBlockHeight + 1n;
}

export { encodeChainState, decodeChainState } from './chainStateCodec.js';
