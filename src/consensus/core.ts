// Tendermint BFT ("The latest gossip on BFT consensus", Algorithm 1) as a pure state
// machine: handle(event) -> actions. No clock, no timers, no I/O; line numbers refer to the
// paper. One instance runs one validator (or an observer, when ownAddress is not in the set).
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { SignedMsgType, type BlockID, type Proposal, type Vote } from 'cosmjs-types/tendermint/types/types';
import { verifyCommit } from './block.js';
import { bytesEqual } from './bytes.js';
import { blockIdEqual, blockIdOf, blockIdKey, emptyBlockId, isZeroBlockId } from './hashing.js';
import { MAX_FUTURE_MESSAGES, MAX_ROUNDS_AHEAD, type ConsensusOptions } from './options.js';
import { ed25519Verify, proposalSignBytes } from './signBytes.js';
import type { ConsensusAction, ConsensusEvent, HeightStart, Step, TimeoutStep } from './types.js';
import type { ValidatorSet } from './validatorSet.js';
import { HeightVoteSet, isOneThird } from './voteSet.js';

export interface CoreConfig {
  chainId: string;
  /** Our validator address; undefined (or not in the set) = observe only, never vote. */
  ownAddress?: Uint8Array;
  options: ConsensusOptions;
}

interface ProposedValue {
  proposal: Proposal;
  block: Block;
  blockId: BlockID;
  valid: boolean;
}

/** Distinct proposed blocks kept per height (bounds an equivocating proposer). */
const MAX_VALUES_PER_HEIGHT = 16;

type FutureMessage = Extract<ConsensusEvent, { type: 'proposal' } | { type: 'vote' }>;

export class ConsensusCore {
  private height = 0n;
  private round = 0;
  private step: Step = 'commit';
  private validators!: ValidatorSet;
  private votes!: HeightVoteSet;
  private lockedRound = -1;
  private lockedValue: ProposedValue | null = null;
  private validRound = -1;
  private validValue: ProposedValue | null = null;
  /** The first proposal of each round (lines 22, 28 act on it). */
  private proposals = new Map<number, ProposedValue>();
  /** Every proposed value of this height by block id (an equivocating proposer may send several). */
  private values = new Map<string, ProposedValue>();
  /** `${round}:${blockIdKey}` of every proposal accepted (line 36 needs one of the round). */
  private proposedIn = new Set<string>();
  private proposers = new Map<number, Uint8Array>();
  private decided = false;
  private started = false;
  private txsAvailable = false;
  private pendingNext: HeightStart | null = null;
  private future: FutureMessage[] = [];
  private once = new Set<string>(); // rules that fire once per round (lines 34, 36, 47)
  private out: ConsensusAction[] = [];

  constructor(private readonly config: CoreConfig) {}

  /** Where the core stands (for status, logs and tests). */
  get roundState() {
    return { height: this.height, round: this.round, step: this.step, lockedRound: this.lockedRound, validRound: this.validRound, decided: this.decided };
  }

  handle(event: ConsensusEvent): ConsensusAction[] {
    this.out = [];
    switch (event.type) {
      case 'startHeight': this.enterHeight(event.start); break;
      case 'blockCommitted': this.onBlockCommitted(event.height, event.next); break;
      case 'proposal': this.onProposal(event); break;
      case 'vote': this.onVote(event.vote); break;
      case 'timeout': this.onTimeout(event.height, event.round, event.step); break;
      case 'txsAvailable': this.onTxsAvailable(); break;
      case 'commitCertificate': this.onCommitCertificate(event.block, event.commit); break;
    }
    if (this.started) this.progress();
    return this.out;
  }

  // ---- heights and rounds ----

  private enterHeight(start: HeightStart): void {
    this.started = true;
    this.height = start.height;
    this.validators = start.validators;
    this.votes = new HeightVoteSet(this.config.chainId, start.height, start.validators);
    this.lockedRound = -1; this.lockedValue = null;
    this.validRound = -1; this.validValue = null;
    this.proposals.clear(); this.values.clear(); this.proposedIn.clear(); this.proposers.clear(); this.once.clear();
    this.decided = false;
    this.pendingNext = null;
    this.txsAvailable = start.txsAvailable ?? false;
    const waitForTxs = !this.config.options.createEmptyBlocks && !start.needProofBlock && !this.txsAvailable;
    const firstRound = Math.max(0, start.round ?? 0);
    if (waitForTxs && firstRound === 0) { this.round = 0; this.step = 'waitTxs'; } else this.startRound(firstRound);
    const replay = this.future.filter((m) => messageHeight(m) === start.height);
    this.future = this.future.filter((m) => messageHeight(m) > start.height);
    for (const m of replay) { if (m.type === 'proposal') this.onProposal(m); else this.onVote(m.vote); }
  }

  /** StartRound(r), lines 11-21. CometBFT also times out its own proposal; so do we. */
  private startRound(round: number): void {
    this.round = round;
    this.step = 'propose';
    if (this.isOwn(this.proposerOf(round))) {
      this.out.push(this.validValue
        ? { type: 'propose', height: this.height, round, polRound: this.validRound, value: { block: this.validValue.block, blockId: this.validValue.blockId } }
        : { type: 'propose', height: this.height, round, polRound: -1 });
    }
    this.schedule('propose', round);
  }

  private onBlockCommitted(height: bigint, next: HeightStart): void {
    if (height !== this.height || !this.decided) return;
    this.pendingNext = next;
    this.out.push({ type: 'scheduleTimeout', height, round: this.round, step: 'commit', durationMs: this.config.options.timeoutCommitMs });
  }

  private onTxsAvailable(): void {
    this.txsAvailable = true;
    if (this.step === 'waitTxs') this.startRound(0);
  }

  private onTimeout(height: bigint, round: number, step: TimeoutStep): void {
    if (step === 'commit') {
      if (height === this.height && this.decided && this.pendingNext) this.enterHeight(this.pendingNext);
      return;
    }
    if (height !== this.height || round !== this.round || this.decided) return;
    if (step === 'propose' && this.step === 'propose') this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, null, 'prevote'); // line 57
    else if (step === 'prevote' && this.step === 'prevote') this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, null, 'precommit'); // line 61
    else if (step === 'precommit') this.startRound(round + 1); // line 65
  }

  // ---- messages ----

  private onProposal(ev: FutureMessage & { type: 'proposal' }): void {
    const p = ev.proposal;
    if (!this.acceptsMessage(ev, p.height, p.round)) return;
    if (p.type !== SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL) return this.reject('proposal has the wrong type');
    if (this.proposedIn.has(`${p.round}:${blockIdKey(p.blockId)}`)) return; // seen: no second verify
    if (this.proposals.has(p.round) && this.values.size >= MAX_VALUES_PER_HEIGHT) return;
    if (!Number.isInteger(p.polRound) || p.polRound < -1 || p.polRound >= p.round) return this.reject('proposal has a bad POL round');
    const proposer = this.validators.getByAddress(this.proposerOf(p.round));
    if (!proposer || !ed25519Verify(proposer.validator.pubKey, proposalSignBytes(this.config.chainId, p), p.signature)) {
      return this.reject('proposal not signed by the round proposer');
    }
    if (ev.block?.header?.height !== this.height) return this.reject('proposal block is for another height');
    const blockId = blockIdOf(ev.block);
    if (!blockIdEqual(blockId, p.blockId)) return this.reject('proposal block does not match its block id');
    const value = { proposal: p, block: ev.block, blockId, valid: ev.valid };
    // Line 22/28 act on the round's first proposal; any later one (equivocation) is still kept
    // as a value, so lines 36 and 49 can use the block that +2/3 actually voted for.
    if (!this.proposals.has(p.round)) this.proposals.set(p.round, value);
    const key = blockIdKey(blockId);
    this.proposedIn.add(`${p.round}:${key}`);
    const prior = this.values.get(key);
    if (!prior || (!prior.valid && value.valid)) this.values.set(key, value);
    if (this.step === 'waitTxs' && p.round === 0) this.startRound(0);
  }

  private onVote(vote: Vote): void {
    if (!this.acceptsMessage({ type: 'vote', vote }, vote.height, vote.round)) return;
    const res = this.votes.addVote(vote);
    if (res.kind === 'invalid') this.reject(res.reason);
    else if (res.kind === 'conflict') this.out.push({ type: 'evidence', evidence: res.evidence });
  }

  /** Current height within the round window; the next height is buffered; the rest dropped. */
  private acceptsMessage(m: FutureMessage, height: bigint, round: number): boolean {
    if (!this.started) return false;
    if (height === this.height + 1n) {
      if (this.future.length < MAX_FUTURE_MESSAGES) this.future.push(m);
      return false;
    }
    if (height !== this.height) return false;
    if (!Number.isInteger(round) || round < 0 || round > this.round + MAX_ROUNDS_AHEAD) return false;
    return true;
  }

  private onCommitCertificate(block: Block, commit: import('cosmjs-types/tendermint/types/types').Commit): void {
    if (!this.started || this.decided || commit?.height !== this.height) return;
    const blockId = blockIdOf(block);
    try {
      verifyCommit(this.config.chainId, this.validators, blockId, this.height, commit);
    } catch (err) {
      return this.reject(`commit certificate: ${(err as Error).message}`);
    }
    this.decide(commit.round, block, blockId, commit);
  }

  // ---- the upon-rules, re-checked after every event until nothing changes ----

  private progress(): void {
    for (let guard = 0; guard < 1000; guard++) {
      if (this.decided) return;
      if (this.step === 'waitTxs') {
        // Others are proposing (they have txs): do not hold the network back.
        if (!this.trySkipRound(-1)) return;
        continue;
      }
      if (!this.stepOnce()) return;
    }
  }

  private stepOnce(): boolean {
    if (this.tryDecide()) return true;
    if (this.trySkipRound(this.round)) return true;
    const r = this.round;
    const prop = this.proposals.get(r);
    const prevotes = this.votes.prevotes(r);
    if (this.step === 'propose' && prop) {
      const vr = prop.proposal.polRound;
      const lockedOnIt = this.lockedValue !== null && blockIdEqual(this.lockedValue.blockId, prop.blockId);
      if (vr === -1) { // line 22
        this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, prop.valid && (this.lockedRound === -1 || lockedOnIt) ? prop.blockId : null, 'prevote');
        return true;
      }
      if (vr < r && this.votes.prevotes(vr).hasTwoThirdsFor(prop.blockId)) { // line 28
        this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, prop.valid && (this.lockedRound <= vr || lockedOnIt) ? prop.blockId : null, 'prevote');
        return true;
      }
    }
    if (this.step === 'prevote' && prevotes.hasTwoThirdsAny() && this.fireOnce(`34:${r}`)) this.schedule('prevote', r); // line 34
    const polka = this.step === 'prevote' || this.step === 'precommit' ? this.roundPolka(r) : undefined;
    if (polka?.valid && this.fireOnce(`36:${r}`)) {
      const wasPrevote = this.step === 'prevote'; // line 36
      this.validValue = polka; this.validRound = r;
      if (wasPrevote) {
        this.lockedValue = polka; this.lockedRound = r;
        this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, polka.blockId, 'precommit');
      }
      return true;
    }
    if (this.step === 'prevote') {
      const maj = prevotes.twoThirdsMajority();
      if (maj && isZeroBlockId(maj.blockId)) { // line 44
        this.castVote(SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, null, 'precommit');
        return true;
      }
    }
    if (this.votes.precommits(r).hasTwoThirdsAny() && this.fireOnce(`47:${r}`)) this.schedule('precommit', r); // line 47
    return false;
  }

  /**
   * Line 49, for any round: +2/3 precommits for a block we hold. Like CometBFT we commit it
   * even if our own app judged it invalid: +2/3 of the power (so an honest validator) accepted it.
   */
  private tryDecide(): boolean {
    for (const r of this.votes.knownRounds()) {
      const maj = this.votes.precommits(r).twoThirdsMajority();
      if (!maj || isZeroBlockId(maj.blockId)) continue;
      const value = this.values.get(blockIdKey(maj.blockId));
      if (!value) { // block not received yet: wait for it, and ask for it once
        if (this.fireOnce(`missing:${r}`)) this.out.push({ type: 'missingBlock', height: this.height, round: r, blockId: maj.blockId });
        continue;
      }
      this.decide(r, value.block, value.blockId, this.votes.precommits(r).makeCommit());
      return true;
    }
    return false;
  }

  /** Line 36's value: a proposal of round r (from its proposer) with +2/3 prevotes for it. */
  private roundPolka(r: number): ProposedValue | undefined {
    const maj = this.votes.prevotes(r).twoThirdsMajority();
    if (!maj || isZeroBlockId(maj.blockId)) return undefined;
    const key = blockIdKey(maj.blockId);
    return this.proposedIn.has(`${r}:${key}`) ? this.values.get(key) : undefined;
  }

  /** Line 55: f+1 of the power sent messages for a round above `above`: jump to it. */
  private trySkipRound(above: number): boolean {
    const total = this.validators.totalVotingPower();
    const rounds = this.votes.knownRounds().filter((r) => r > above).reverse();
    for (const r of rounds) {
      let power = 0n;
      const voters = this.votes.votersInRound(r);
      const proposer = this.proposals.has(r) ? this.validators.getByAddress(this.proposerOf(r)) : undefined;
      if (proposer) voters.add(proposer.index);
      for (const i of voters) power += this.validators.validators[i].votingPower;
      if (isOneThird(power, total)) { this.startRound(r); return true; }
    }
    return false;
  }

  private decide(round: number, block: Block, blockId: BlockID, commit: import('cosmjs-types/tendermint/types/types').Commit): void {
    this.decided = true;
    this.step = 'commit';
    this.out.push({ type: 'decide', height: this.height, round, block, blockId, commit });
  }

  // ---- helpers ----

  private castVote(type: SignedMsgType, blockId: BlockID | null, nextStep: Step): void {
    this.step = nextStep;
    const own = this.config.ownAddress ? this.validators.getByAddress(this.config.ownAddress) : undefined;
    if (!own) return;
    this.out.push({
      type: 'vote',
      vote: {
        type, height: this.height, round: this.round, blockId: blockId ?? emptyBlockId(),
        timestamp: { seconds: 0n, nanos: 0 }, // the driver stamps it at signing time
        validatorAddress: own.validator.address, validatorIndex: own.index,
        signature: new Uint8Array(), extension: new Uint8Array(), extensionSignature: new Uint8Array(),
      },
    });
  }

  private schedule(step: TimeoutStep, round: number): void {
    const o = this.config.options;
    const [base, delta] = step === 'propose' ? [o.timeoutProposeMs, o.timeoutProposeDeltaMs]
      : step === 'prevote' ? [o.timeoutPrevoteMs, o.timeoutPrevoteDeltaMs]
      : step === 'precommit' ? [o.timeoutPrecommitMs, o.timeoutPrecommitDeltaMs] : [o.timeoutCommitMs, 0];
    this.out.push({ type: 'scheduleTimeout', height: this.height, round, step, durationMs: base + round * delta });
  }

  /** Proposer of a round: the height's set advanced by `round` priority increments. */
  private proposerOf(round: number): Uint8Array {
    let p = this.proposers.get(round);
    if (!p) {
      p = round === 0 ? this.validators.proposer.address : this.validators.copyIncrementProposerPriority(round).proposer.address;
      this.proposers.set(round, p);
    }
    return p;
  }

  private isOwn(address: Uint8Array): boolean {
    return this.config.ownAddress !== undefined && bytesEqual(address, this.config.ownAddress);
  }

  private fireOnce(key: string): boolean {
    if (this.once.has(key)) return false;
    this.once.add(key);
    return true;
  }

  private reject(reason: string): void {
    this.out.push({ type: 'rejected', reason });
  }
}

function messageHeight(m: FutureMessage): bigint {
  return m.type === 'proposal' ? m.proposal.height : m.vote.height;
}
