// The consensus core's inputs (events) and outputs (actions). The core does no I/O: the
// driver (or the simulator) turns actions into signatures, messages, timers and disk writes.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import type { ValidatorSet } from './validatorSet.js';
import type { DuplicateVote } from './voteSet.js';

export type Step = 'waitTxs' | 'propose' | 'prevote' | 'precommit' | 'commit';
export type TimeoutStep = 'propose' | 'prevote' | 'precommit' | 'commit';

export interface HeightStart {
  height: bigint;
  /** The validator set of this height (its proposer is round 0's). */
  validators: ValidatorSet;
  /** The previous block changed the app hash: propose even when empty blocks are off. */
  needProofBlock?: boolean;
  /** The mempool has txs (matters only when empty blocks are off). */
  txsAvailable?: boolean;
  /** First round to enter (after a restart: one past the last round our signer signed in). */
  round?: number;
}

export type ConsensusEvent =
  /** Begin a height now (node start, or after restart). */
  | { type: 'startHeight'; start: HeightStart }
  /** The driver executed and stored the decided block; the core waits timeoutCommit, then starts `next`. */
  | { type: 'blockCommitted'; height: bigint; next: HeightStart }
  /** A signed proposal with its block; `valid` is the application's verdict on the block. */
  | { type: 'proposal'; proposal: Proposal; block: Block; valid: boolean }
  | { type: 'vote'; vote: Vote }
  | { type: 'timeout'; height: bigint; round: number; step: TimeoutStep }
  | { type: 'txsAvailable' }
  /** A block with +2/3 precommits obtained elsewhere (catch-up / block sync seam). */
  | { type: 'commitCertificate'; block: Block; commit: Commit };

export type ConsensusAction =
  /** Make (when `value` is absent: build from the mempool), sign and broadcast a proposal. */
  | { type: 'propose'; height: bigint; round: number; polRound: number; value?: { block: Block; blockId: BlockID } }
  /** Sign (the driver sets the timestamp; its guard may refuse) and broadcast this vote. */
  | { type: 'vote'; vote: Vote }
  | { type: 'scheduleTimeout'; height: bigint; round: number; step: TimeoutStep; durationMs: number }
  /** +2/3 precommits: execute and store the block with this commit, then send blockCommitted. */
  | { type: 'decide'; height: bigint; round: number; block: Block; blockId: BlockID; commit: Commit }
  | { type: 'evidence'; evidence: DuplicateVote }
  /** +2/3 precommitted a block we never received: the driver may fetch it (block sync). */
  | { type: 'missingBlock'; height: bigint; round: number; blockId: BlockID }
  /** A message that failed checks (for logs and, later, peer scoring). */
  | { type: 'rejected'; reason: string };
