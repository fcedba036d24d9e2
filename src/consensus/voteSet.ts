// Votes of one (height, round, type): signature-checked, tallied by voting power (bigint),
// +2/3 detection, conflicting votes from one validator turned into evidence, and the
// Commit that a +2/3 precommit majority makes.
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { SignedMsgType, type BlockID, type Commit, type CommitSig, type Vote } from 'cosmjs-types/tendermint/types/types';
import { bytesEqual, toHex } from './bytes.js';
import { ConsensusError } from './errors.js';
import { blockIdKey, isZeroBlockId } from './hashing.js';
import { GO_ZERO_TIME, ed25519Verify, voteSignBytes } from './signBytes.js';
import type { ValidatorSet } from './validatorSet.js';

/** Two signed votes from one validator for the same (height, round, type), different blocks. */
export interface DuplicateVote {
  voteA: Vote;
  voteB: Vote;
  validatorPower: bigint;
  totalVotingPower: bigint;
}

export type AddVoteResult =
  | { kind: 'added' }
  | { kind: 'duplicate' } // the same vote again: harmless
  | { kind: 'conflict'; evidence: DuplicateVote }
  | { kind: 'invalid'; reason: string };

/** True when power is strictly more than two thirds of total. */
export const isTwoThirds = (power: bigint, total: bigint): boolean => power * 3n > total * 2n;
/** True when power is strictly more than one third of total (f+1 in the paper). */
export const isOneThird = (power: bigint, total: bigint): boolean => power * 3n > total;

/**
 * Conflicting votes a validator may add to other blocks' tallies. As in the paper, an
 * equivocator's votes count as messages for each value it voted for (otherwise honest nodes
 * that kept different "first" votes may never see the same +2/3, and stall); bounded so a
 * faulty validator cannot make us store unlimited votes (CometBFT bounds it via peer maj23).
 */
const MAX_CONFLICTING_VOTES_PER_VALIDATOR = 4;
const MAX_BAD_SIGNATURES = 1024;

export class VoteSet {
  private readonly votes: (Vote | undefined)[]; // each validator's first vote
  private readonly byBlock = new Map<string, { blockId: BlockID; power: bigint; byValidator: Map<number, Vote> }>();
  private readonly conflicting = new Map<number, number>();
  /** Votes whose signature failed, so a replayed bad vote is not verified again (bounded). */
  private readonly badSignatures = new Set<string>();
  private sum = 0n;
  private readonly total: bigint;

  constructor(
    readonly chainId: string,
    readonly height: bigint,
    readonly round: number,
    readonly type: SignedMsgType,
    readonly validators: ValidatorSet,
  ) {
    this.votes = new Array(validators.size).fill(undefined);
    this.total = validators.totalVotingPower();
  }

  addVote(vote: Vote): AddVoteResult {
    if (vote.height !== this.height || vote.round !== this.round || vote.type !== this.type) {
      return { kind: 'invalid', reason: 'vote is for another height, round or type' };
    }
    const val = this.validators.getByIndex(vote.validatorIndex);
    if (!val) return { kind: 'invalid', reason: `no validator at index ${vote.validatorIndex}` };
    if (!bytesEqual(val.address, vote.validatorAddress)) return { kind: 'invalid', reason: 'validator address does not match index' };
    const key = blockIdKey(vote.blockId);
    const existing = this.votes[vote.validatorIndex];
    if (this.byBlock.get(key)?.byValidator.has(vote.validatorIndex)) return { kind: 'duplicate' };
    if (existing && (this.conflicting.get(vote.validatorIndex) ?? 0) >= MAX_CONFLICTING_VOTES_PER_VALIDATOR) return { kind: 'duplicate' };
    const sigKey = `${vote.validatorIndex}:${key}:${Buffer.from(vote.signature ?? []).toString('hex')}`;
    if (this.badSignatures.has(sigKey)) return { kind: 'invalid', reason: `bad signature from ${toHex(val.address)} (seen)` };
    if (!ed25519Verify(val.pubKey, voteSignBytes(this.chainId, vote), vote.signature)) {
      if (this.badSignatures.size >= MAX_BAD_SIGNATURES) this.badSignatures.clear();
      this.badSignatures.add(sigKey);
      return { kind: 'invalid', reason: `bad signature from ${toHex(val.address)}` };
    }
    const entry = this.byBlock.get(key) ?? { blockId: vote.blockId, power: 0n, byValidator: new Map<number, Vote>() };
    entry.power += val.votingPower;
    entry.byValidator.set(vote.validatorIndex, vote);
    this.byBlock.set(key, entry);
    if (existing) {
      this.conflicting.set(vote.validatorIndex, (this.conflicting.get(vote.validatorIndex) ?? 0) + 1);
      return { kind: 'conflict', evidence: { voteA: existing, voteB: vote, validatorPower: val.votingPower, totalVotingPower: this.total } };
    }
    this.votes[vote.validatorIndex] = vote;
    this.sum += val.votingPower;
    return { kind: 'added' };
  }

  getByIndex(index: number): Vote | undefined {
    return this.votes[index];
  }

  /** The block (or nil: a zero BlockID) that has +2/3, if any. */
  twoThirdsMajority(): { blockId: BlockID } | undefined {
    for (const entry of this.byBlock.values()) {
      if (isTwoThirds(entry.power, this.total)) return { blockId: entry.blockId };
    }
    return undefined;
  }

  /** +2/3 of the power voted, for anything. */
  hasTwoThirdsAny(): boolean {
    return isTwoThirds(this.sum, this.total);
  }

  powerFor(blockId: BlockID | undefined): bigint {
    return this.byBlock.get(blockIdKey(blockId))?.power ?? 0n;
  }

  hasTwoThirdsFor(blockId: BlockID | undefined): boolean {
    return isTwoThirds(this.powerFor(blockId), this.total);
  }

  /** Indexes of validators that voted (any value). */
  voterIndexes(): number[] {
    const out: number[] = [];
    this.votes.forEach((v, i) => { if (v) out.push(i); });
    return out;
  }

  /** The commit for the +2/3 precommit majority (CometBFT MakeCommit: other blocks count as absent). */
  makeCommit(): Commit {
    if (this.type !== SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT) throw new ConsensusError('CONSENSUS_INVALID_COMMIT', 'commit needs precommits');
    const maj = this.twoThirdsMajority();
    if (!maj || isZeroBlockId(maj.blockId)) throw new ConsensusError('CONSENSUS_INVALID_COMMIT', 'no +2/3 precommits for a block', { height: this.height, round: this.round });
    const forMaj = this.byBlock.get(blockIdKey(maj.blockId))!.byValidator;
    const signatures: CommitSig[] = this.votes.map((first, i) => {
      const v = forMaj.get(i) ?? first; // an equivocator's vote for the committed block, if we hold one
      if (!v) return absentSig();
      const forBlock = !isZeroBlockId(v.blockId);
      if (forBlock && !forMaj.has(i)) return absentSig();
      return {
        blockIdFlag: forBlock ? BlockIDFlag.BLOCK_ID_FLAG_COMMIT : BlockIDFlag.BLOCK_ID_FLAG_NIL,
        validatorAddress: v.validatorAddress,
        timestamp: v.timestamp,
        signature: v.signature,
      };
    });
    return { height: this.height, round: this.round, blockId: maj.blockId, signatures };
  }
}

function absentSig(): CommitSig {
  return { blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT, validatorAddress: new Uint8Array(), timestamp: GO_ZERO_TIME, signature: new Uint8Array() };
}

/** Prevotes and precommits of every round of one height. */
export class HeightVoteSet {
  private readonly rounds = new Map<number, { prevotes: VoteSet; precommits: VoteSet }>();

  constructor(readonly chainId: string, readonly height: bigint, readonly validators: ValidatorSet) {}

  private roundSets(round: number) {
    let r = this.rounds.get(round);
    if (!r) {
      r = {
        prevotes: new VoteSet(this.chainId, this.height, round, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, this.validators),
        precommits: new VoteSet(this.chainId, this.height, round, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, this.validators),
      };
      this.rounds.set(round, r);
    }
    return r;
  }

  prevotes(round: number): VoteSet {
    return this.roundSets(round).prevotes;
  }

  precommits(round: number): VoteSet {
    return this.roundSets(round).precommits;
  }

  addVote(vote: Vote): AddVoteResult {
    if (!Number.isInteger(vote.round) || vote.round < 0) return { kind: 'invalid', reason: 'bad round' };
    if (vote.type === SignedMsgType.SIGNED_MSG_TYPE_PREVOTE) return this.prevotes(vote.round).addVote(vote);
    if (vote.type === SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT) return this.precommits(vote.round).addVote(vote);
    return { kind: 'invalid', reason: `vote type ${vote.type} is neither prevote nor precommit` };
  }

  /** Rounds we hold votes for, ascending. */
  knownRounds(): number[] {
    return [...this.rounds.keys()].sort((a, b) => a - b);
  }

  /** Validator indexes that sent any vote in the round. */
  votersInRound(round: number): Set<number> {
    const r = this.rounds.get(round);
    if (!r) return new Set();
    return new Set([...r.prevotes.voterIndexes(), ...r.precommits.voterIndexes()]);
  }
}
