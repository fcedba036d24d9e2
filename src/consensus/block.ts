// Building a proposal block from the chain state, and checking a received one against it
// (CometBFT state/validation.go): every header field, and the last commit's +2/3 signatures.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { Evidence } from 'cosmjs-types/tendermint/types/evidence';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { SignedMsgType, type BlockID, type Commit, type Header } from 'cosmjs-types/tendermint/types/types';
import { bytesEqual, toHex } from './bytes.js';
import type { ChainState } from './chainState.js';
import { ConsensusError, InvalidBlockError } from './errors.js';
import {
  blockIdEqual, commitHash, consensusParamsHash, dataHash, emptyBlockId, encodeBlock, evidenceHash, isZeroBlockId,
} from './hashing.js';
import { ed25519Verify, voteSignBytes } from './signBytes.js';
import { msToTimestamp, timestampToMs } from './time.js';
import { isTwoThirds } from './voteSet.js';
import type { ValidatorSet } from './validatorSet.js';

/** CometBFT's block protocol version (version.BlockProtocol). */
export const BLOCK_PROTOCOL = 11n;
export const APP_PROTOCOL = 0n;

export function emptyCommit(): Commit {
  return { height: 0n, round: 0, blockId: emptyBlockId(), signatures: [] };
}

/** The proposer's clock, but never at or before the previous block's time (+1 ms minimum). */
export function proposalTimeMs(state: ChainState, nowMs: bigint): bigint {
  const first = state.lastBlockHeight < state.initialHeight;
  const min = first ? state.lastBlockTime : state.lastBlockTime + 1n;
  return nowMs > min ? nowMs : min;
}

export function makeBlock(
  state: ChainState, height: bigint, txs: Uint8Array[], lastCommit: Commit | undefined, timeMs: bigint, proposerAddress: Uint8Array,
  evidenceList: Evidence[] = [],
): Block {
  const commit = height === state.initialHeight ? emptyCommit() : lastCommit ?? emptyCommit();
  const evidence = { evidence: evidenceList };
  const header: Header = {
    version: { block: BLOCK_PROTOCOL, app: APP_PROTOCOL },
    chainId: state.chainId,
    height,
    time: msToTimestamp(timeMs),
    lastBlockId: state.lastBlockId,
    lastCommitHash: commitHash(commit),
    dataHash: dataHash(txs),
    validatorsHash: state.validators.hash(),
    nextValidatorsHash: state.nextValidators.hash(),
    consensusHash: consensusParamsHash(state.consensusParams),
    appHash: state.appHash,
    lastResultsHash: state.lastResultsHash,
    evidenceHash: evidenceHash(evidence),
    proposerAddress,
  };
  return { header, data: { txs }, evidence, lastCommit: commit };
}

function expectBytes(field: string, got: Uint8Array | undefined, want: Uint8Array): void {
  if (!got || !bytesEqual(got, want)) {
    throw new InvalidBlockError(field, 'does not match the chain state', { got: got ? toHex(got) : null, want: toHex(want) });
  }
}

/**
 * Throws InvalidBlockError naming the first field that is wrong. `verifyEvidence` checks the
 * block's evidence (the evidence pool); without it a block with evidence is refused.
 */
export function validateBlock(state: ChainState, block: Block, verifyEvidence?: (block: Block) => void): void {
  const h = block?.header;
  if (!h) throw new InvalidBlockError('header', 'missing');
  if (h.version?.block !== BLOCK_PROTOCOL || h.version?.app !== APP_PROTOCOL) {
    throw new InvalidBlockError('version', 'unsupported', { block: h.version?.block, app: h.version?.app });
  }
  if (h.chainId !== state.chainId) throw new InvalidBlockError('chain_id', 'wrong chain', { got: h.chainId, want: state.chainId });
  const height = state.lastBlockHeight + 1n;
  if (h.height !== height) throw new InvalidBlockError('height', 'wrong height', { got: h.height, want: height });
  const first = height === state.initialHeight;
  const time = timestampToMs(h.time);
  if (first ? time < state.lastBlockTime : time <= state.lastBlockTime) {
    throw new InvalidBlockError('time', 'not after the previous block time', { got: time, last: state.lastBlockTime });
  }
  if (!blockIdEqual(h.lastBlockId, state.lastBlockId)) throw new InvalidBlockError('last_block_id', 'does not match the chain state');
  expectBytes('last_commit_hash', h.lastCommitHash, commitHash(block.lastCommit));
  expectBytes('data_hash', h.dataHash, dataHash(block.data?.txs ?? []));
  expectBytes('validators_hash', h.validatorsHash, state.validators.hash());
  expectBytes('next_validators_hash', h.nextValidatorsHash, state.nextValidators.hash());
  expectBytes('consensus_hash', h.consensusHash, consensusParamsHash(state.consensusParams));
  expectBytes('app_hash', h.appHash, state.appHash);
  expectBytes('last_results_hash', h.lastResultsHash, state.lastResultsHash);
  expectBytes('evidence_hash', h.evidenceHash, evidenceHash(block.evidence));
  if (!state.validators.getByAddress(h.proposerAddress)) {
    throw new InvalidBlockError('proposer_address', 'not a validator', { got: toHex(h.proposerAddress) });
  }
  if ((block.evidence?.evidence.length ?? 0) > 0) {
    if (!verifyEvidence) throw new InvalidBlockError('evidence', 'this node cannot check evidence');
    try {
      verifyEvidence(block);
    } catch (err) {
      if (err instanceof ConsensusError) throw new InvalidBlockError('evidence', err.message, err.context);
      throw err;
    }
  }
  const size = encodeBlock(block).length;
  if (BigInt(size) > state.consensusParams.blockMaxBytes) {
    throw new InvalidBlockError('size', 'block exceeds max bytes', { size, max: state.consensusParams.blockMaxBytes });
  }
  if (first) {
    if ((block.lastCommit?.signatures.length ?? 0) > 0) throw new InvalidBlockError('last_commit', 'must be empty at the initial height');
    return;
  }
  try {
    verifyCommit(state.chainId, state.lastValidators, state.lastBlockId, height - 1n, block.lastCommit);
  } catch (err) {
    if (err instanceof ConsensusError) throw new InvalidBlockError('last_commit', err.message, err.context);
    throw err;
  }
}

/** +2/3 of the set's power signed precommits for blockId at height (CometBFT VerifyCommit). */
export function verifyCommit(chainId: string, vals: ValidatorSet, blockId: BlockID, height: bigint, commit: Commit | undefined): void {
  const bad = (message: string, context: Record<string, unknown> = {}) => new ConsensusError('CONSENSUS_INVALID_COMMIT', message, { height, ...context });
  if (!commit) throw bad('missing');
  if (commit.height !== height) throw bad('wrong height', { got: commit.height });
  if (isZeroBlockId(commit.blockId) || !blockIdEqual(commit.blockId, blockId)) throw bad('commits another block');
  if (commit.signatures.length !== vals.size) throw bad('wrong number of signatures', { got: commit.signatures.length, want: vals.size });
  let tallied = 0n;
  commit.signatures.forEach((sig, i) => {
    const val = vals.validators[i];
    if (sig.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_ABSENT) return;
    if (sig.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT && sig.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_NIL) throw bad('unknown block id flag', { index: i });
    if (!bytesEqual(sig.validatorAddress, val.address)) throw bad('signature from the wrong validator', { index: i });
    if (sig.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT) return; // nil votes do not count
    const signBytes = voteSignBytes(chainId, {
      type: SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, height, round: commit.round, blockId: commit.blockId, timestamp: sig.timestamp,
    });
    if (!ed25519Verify(val.pubKey, signBytes, sig.signature)) throw bad('bad signature', { index: i, validator: toHex(val.address) });
    tallied += val.votingPower;
  });
  if (!isTwoThirds(tallied, vals.totalVotingPower())) throw bad('less than +2/3 voting power signed', { tallied: tallied.toString() });
}
