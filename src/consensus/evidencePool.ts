// Duplicate-vote evidence (CometBFT evidence/pool.go, verify.go): verify, dedupe, keep until
// committed, hand to our proposals, check the evidence of blocks we receive. The validator
// sets and block times of recent heights are recorded by the driver as it goes (in memory:
// after a restart only heights seen since are known; see `trustCommitted`).
import type { Evidence, DuplicateVoteEvidence } from 'cosmjs-types/tendermint/types/evidence';
import { DuplicateVoteEvidence as DuplicateVoteEvidenceCodec } from 'cosmjs-types/tendermint/types/evidence';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { SignedMsgType, type Vote } from 'cosmjs-types/tendermint/types/types';
import type { Misbehavior } from '../types/abci.js';
import { bytesEqual, toHex } from './bytes.js';
import { ConsensusError } from './errors.js';
import { blockIdEqual, blockIdKey } from './hashing.js';
import { ed25519Verify, voteSignBytes } from './signBytes.js';
import { msToTimestamp, timestampToMs } from './time.js';
import type { ValidatorSet } from './validatorSet.js';
import type { DuplicateVote } from './voteSet.js';

/** Consensus evidence max age in blocks (CometBFT's default max_age_num_blocks). */
export const EVIDENCE_MAX_AGE_BLOCKS = 100_000n;
const MAX_PENDING = 1_000;

export class EvidenceError extends ConsensusError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('EVIDENCE_INVALID', message, context);
    this.name = 'EvidenceError';
  }
}

interface Pending { key: string; height: bigint; votes: { voteA: Vote; voteB: Vote }; validatorPower: bigint; totalVotingPower: bigint }

export class EvidencePool {
  private readonly setsByHeight = new Map<bigint, ValidatorSet>();
  private readonly timeByHeight = new Map<bigint, bigint>();
  private readonly pendingByKey = new Map<string, Pending>();
  private readonly committed = new Set<string>();
  private lastHeight = 0n;

  constructor(private readonly chainId: string, private readonly maxAgeBlocks = EVIDENCE_MAX_AGE_BLOCKS) {}

  /** The validator set that decides `height` (recorded when the height starts). */
  recordValidators(height: bigint, set: ValidatorSet): void {
    const prev = this.setsByHeight.get(height - 1n);
    // Heights in a row usually share one set: keep one object for them (hash-equal sets).
    this.setsByHeight.set(height, prev && bytesEqual(prev.hash(), set.hash()) ? prev : set);
  }

  /** Block `height` was committed with this time: evidence of that height can now be dated. */
  recordCommit(height: bigint, timeMs: bigint): void {
    this.timeByHeight.set(height, timeMs);
    if (height > this.lastHeight) this.lastHeight = height;
    const oldest = height - this.maxAgeBlocks;
    if (oldest > 0n && oldest % 1000n === 0n) this.prune(oldest);
  }

  get pendingCount(): number { return this.pendingByKey.size; }

  /** From our own vote sets. Returns the new evidence to gossip, or undefined if known. */
  addDuplicateVote(dv: DuplicateVote): DuplicateVoteEvidence | undefined {
    const [voteA, voteB] = ordered(dv.voteA, dv.voteB);
    const key = evidenceKey(voteA);
    if (this.committed.has(key) || this.pendingByKey.has(key) || this.pendingByKey.size >= MAX_PENDING) return undefined;
    this.pendingByKey.set(key, { key, height: voteA.height, votes: { voteA, voteB }, validatorPower: dv.validatorPower, totalVotingPower: dv.totalVotingPower });
    return this.toProto(this.pendingByKey.get(key)!);
  }

  /**
   * From a peer: 'added' (new and valid: gossip it on), 'known', or 'ignored' (not checkable
   * yet: a height we have not committed). Throws EvidenceError for bad evidence (score the peer).
   */
  addFromPeer(ev: DuplicateVoteEvidence): 'added' | 'known' | 'ignored' {
    const height = ev?.voteA?.height;
    if (typeof height === 'bigint' && height > this.lastHeight) return 'ignored';
    this.verify(ev, this.lastHeight + 1n, false);
    const key = evidenceKey(ev.voteA!);
    if (this.committed.has(key) || this.pendingByKey.has(key)) return 'known';
    if (this.pendingByKey.size >= MAX_PENDING) return 'ignored';
    this.pendingByKey.set(key, { key, height: ev.voteA!.height, votes: { voteA: ev.voteA!, voteB: ev.voteB! }, validatorPower: ev.validatorPower, totalVotingPower: ev.totalVotingPower });
    return 'added';
  }

  /** Pending evidence for a block at `blockHeight`: dated (its height committed), oldest first. */
  pending(blockHeight: bigint, maxCount = 50): Evidence[] {
    const out: Evidence[] = [];
    const items = [...this.pendingByKey.values()].sort((a, b) => (a.height < b.height ? -1 : a.height > b.height ? 1 : a.key < b.key ? -1 : 1));
    for (const p of items) {
      if (out.length >= maxCount) break;
      if (p.height >= blockHeight || blockHeight - p.height > this.maxAgeBlocks || !this.timeByHeight.has(p.height)) continue;
      out.push({ duplicateVoteEvidence: this.toProto(p) });
    }
    return out;
  }

  /**
   * Checks a block's evidence list for a block at `blockHeight`. `trustCommitted`: the block
   * carries +2/3 signatures (block sync), so evidence of a height whose set we no longer know
   * is taken at its word instead of refused.
   */
  verifyBlockEvidence(block: Block, trustCommitted = false): Misbehavior[] {
    const list = block.evidence?.evidence ?? [];
    const seen = new Set<string>();
    return list.map((e, i) => {
      if (!e.duplicateVoteEvidence) throw new EvidenceError('only duplicate vote evidence is supported', { index: i });
      const m = this.verify(e.duplicateVoteEvidence, block.header.height, trustCommitted);
      const key = evidenceKey(e.duplicateVoteEvidence.voteA!);
      if (seen.has(key)) throw new EvidenceError('the same evidence twice in one block', { index: i });
      if (this.committed.has(key)) throw new EvidenceError('evidence already committed', { index: i });
      seen.add(key);
      return m;
    });
  }

  /** The block was committed: its evidence leaves the pending set for good. */
  markCommitted(block: Block): void {
    for (const e of block.evidence?.evidence ?? []) {
      const voteA = e.duplicateVoteEvidence?.voteA;
      if (!voteA) continue;
      const key = evidenceKey(voteA);
      this.pendingByKey.delete(key);
      this.committed.add(key);
    }
  }

  /** CometBFT VerifyDuplicateVote, against the set of the votes' height. */
  verify(ev: DuplicateVoteEvidence, blockHeight: bigint, trustCommitted: boolean): Misbehavior {
    const a = ev?.voteA, b = ev?.voteB;
    if (!a || !b) throw new EvidenceError('evidence needs two votes');
    const ctx = { height: a.height, validator: toHex(a.validatorAddress ?? new Uint8Array()) };
    if (a.height !== b.height || a.round !== b.round || a.type !== b.type) throw new EvidenceError('votes differ in height, round or type', ctx);
    if (a.type !== SignedMsgType.SIGNED_MSG_TYPE_PREVOTE && a.type !== SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT) throw new EvidenceError('votes are neither prevotes nor precommits', ctx);
    if (!bytesEqual(a.validatorAddress, b.validatorAddress) || a.validatorIndex !== b.validatorIndex) throw new EvidenceError('votes are from different validators', ctx);
    if (blockIdEqual(a.blockId, b.blockId)) throw new EvidenceError('votes are for the same block', ctx);
    if (!(blockIdKey(a.blockId) < blockIdKey(b.blockId))) throw new EvidenceError('votes are in the wrong order', ctx);
    if (a.height < 1n || a.height >= blockHeight) throw new EvidenceError('evidence is not from an earlier height', { ...ctx, blockHeight });
    if (blockHeight - a.height > this.maxAgeBlocks) throw new EvidenceError('evidence is too old', { ...ctx, blockHeight, maxAge: this.maxAgeBlocks });
    const time = this.timeByHeight.get(a.height);
    if (time !== undefined && timestampToMs(ev.timestamp) !== time) throw new EvidenceError('evidence time is not its height\'s block time', ctx);
    const set = this.setsByHeight.get(a.height);
    if (!set) {
      if (!trustCommitted) throw new EvidenceError('validator set of the evidence height is unknown', ctx);
    } else {
      const val = set.getByAddress(a.validatorAddress);
      if (!val || val.index !== a.validatorIndex) throw new EvidenceError('not a validator at the evidence height', ctx);
      if (val.validator.votingPower !== ev.validatorPower) throw new EvidenceError('wrong validator power', ctx);
      if (set.totalVotingPower() !== ev.totalVotingPower) throw new EvidenceError('wrong total voting power', ctx);
      for (const v of [a, b]) {
        if (!ed25519Verify(val.validator.pubKey, voteSignBytes(this.chainId, v), v.signature)) throw new EvidenceError('bad vote signature', ctx);
      }
    }
    return {
      type: 'duplicate_vote', address: a.validatorAddress, height: a.height, timeMs: timestampToMs(ev.timestamp),
      power: ev.validatorPower, totalVotingPower: ev.totalVotingPower,
    };
  }

  private toProto(p: Pending): DuplicateVoteEvidence {
    return DuplicateVoteEvidenceCodec.fromPartial({
      voteA: p.votes.voteA, voteB: p.votes.voteB, totalVotingPower: p.totalVotingPower, validatorPower: p.validatorPower,
      timestamp: msToTimestamp(this.timeByHeight.get(p.height) ?? 0n),
    });
  }

  private prune(oldest: bigint): void {
    for (const h of this.setsByHeight.keys()) if (h < oldest) this.setsByHeight.delete(h);
    for (const h of this.timeByHeight.keys()) if (h < oldest) this.timeByHeight.delete(h);
    for (const [k, p] of this.pendingByKey) if (p.height < oldest) this.pendingByKey.delete(k);
    for (const k of this.committed) if (BigInt(k.split(':')[1]) < oldest) this.committed.delete(k);
  }
}

/** One piece of evidence per (validator, height, round, type): more proves nothing new. */
function evidenceKey(v: Vote): string {
  return `${toHex(v.validatorAddress)}:${v.height}:${v.round}:${v.type}`;
}

/** CometBFT orders the two votes by block id key. */
function ordered(x: Vote, y: Vote): [Vote, Vote] {
  return blockIdKey(x.blockId) < blockIdKey(y.blockId) ? [x, y] : [y, x];
}

/**
 * The misbehaviour a committed block reports to the application, from the block's bytes
 * alone (so every node passes the same list; validity was checked when it was voted on).
 */
export function misbehaviorOf(block: Block): Misbehavior[] {
  const out: Misbehavior[] = [];
  for (const e of block.evidence?.evidence ?? []) {
    const ev = e.duplicateVoteEvidence;
    if (!ev?.voteA) continue;
    out.push({
      type: 'duplicate_vote', address: ev.voteA.validatorAddress, height: ev.voteA.height, timeMs: timestampToMs(ev.timestamp),
      power: ev.validatorPower, totalVotingPower: ev.totalVotingPower,
    });
  }
  return out;
}
