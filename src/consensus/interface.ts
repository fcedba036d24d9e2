// Contracts between the consensus driver and the rest of the node.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { DuplicateVoteEvidence } from 'cosmjs-types/tendermint/types/evidence';
import type { BlockID, Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import type { BlockContext } from '../types/abci.js';
import type { ConsensusEvent } from './types.js';

export interface BlockExecutor {
  /** Txs for our proposal (from the mempool) within the block's byte/gas limits (maxGas -1 = none). */
  reapTxs(maxBytes: number, maxGas: bigint): Uint8Array[];
  /** Throw (with a reason) if a proposed block's txs are unacceptable; validators then prevote nil. */
  checkProposal(block: Block): Promise<void>;
  /**
   * Execute a decided block; nothing is written yet. `context` carries the last commit's
   * signers (from the block's lastCommit and the set that signed it) and the verified
   * misbehaviour of the block's evidence, for the staking and slashing modules.
   */
  executeBlock(block: Block, context: BlockContext): Promise<{ appHash: Uint8Array; lastResultsHash: Uint8Array; validatorUpdates: { pubKey: Uint8Array; power: bigint }[] }>;
  /** Write block, its seen commit, results, app state AND the given chain-state bytes in one atomic batch. */
  commitBlock(block: Block, blockId: BlockID, seenCommit: Commit, chainState: Uint8Array): Promise<void>;
}

/** What validators exchange. */
export type ConsensusMessage =
  | { type: 'proposal'; proposal: Proposal; block: Block }
  | { type: 'vote'; vote: Vote }
  | { type: 'evidence'; evidence: DuplicateVoteEvidence };

/** The network seam (src/p2p implements it over libp2p). `from` is the sending peer's id. */
export interface Transport {
  broadcast(msg: ConsensusMessage): void;
  /** Returns an unsubscribe function. */
  onMessage(cb: (msg: ConsensusMessage, from: string) => void): () => void;
  /** The driver found a peer's message invalid (bad signature, junk): score the peer down. */
  reportInvalid(from: string, reason: string): void;
  /**
   * The driver checked a message received from a peer (signature, height, set membership):
   * pass it on to the other peers. Only checked messages travel on, so an honest node never
   * relays junk that would get it blamed by its peers.
   */
  relay?(msg: ConsensusMessage): void;
}

/** A block that +2/3 of the validators committed, as a peer serves it for block sync. */
export interface SyncedBlock {
  block: Block;
  /** Any commit for this block with +2/3 precommits (the seen or the canonical one). */
  commit: Commit;
  from: string;
}

/** The block-sync seam: where a node that is behind gets the blocks it misses. */
export interface BlockSource {
  /** The highest committed height that connected peers report (0n when none). */
  maxPeerHeight(): bigint;
  /** Fetch one block with its commit from some peer that has it; throws when none answers in time. */
  fetchBlock(height: bigint, signal?: AbortSignal): Promise<SyncedBlock>;
  /** The driver verified a peer's block and found it bad: score the peer down. */
  reportInvalid(from: string, reason: string): void;
}

/**
 * Write-ahead log seam (the next issue implements it): every event is appended before the
 * core sees it, and an end-of-height marker after the block is stored, so a crash inside a
 * height can be replayed.
 */
export interface ConsensusWal {
  /** `fsync`: make it durable before returning (our own votes and proposals, before they leave). */
  append(entry: { type: 'event'; event: ConsensusEvent } | { type: 'endHeight'; height: bigint }, opts?: { fsync?: boolean }): Promise<void>;
  /** The events recorded for `height` after the previous height's end marker (crash replay). */
  replayFor?(height: bigint): { startRound: number; events: ConsensusEvent[] };
}

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
