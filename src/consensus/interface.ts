// Contracts between the consensus driver and the rest of the node.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import type { ConsensusEvent } from './types.js';

export interface BlockExecutor {
  /** Txs for our proposal (from the mempool) within the block's byte/gas limits (maxGas -1 = none). */
  reapTxs(maxBytes: number, maxGas: bigint): Uint8Array[];
  /** Throw (with a reason) if a proposed block's txs are unacceptable; validators then prevote nil. */
  checkProposal(block: Block): Promise<void>;
  /** Execute a decided block; nothing is written yet. */
  executeBlock(block: Block): Promise<{ appHash: Uint8Array; lastResultsHash: Uint8Array; validatorUpdates: { pubKey: Uint8Array; power: bigint }[] }>;
  /** Write block, its seen commit, results, app state AND the given chain-state bytes in one atomic batch. */
  commitBlock(block: Block, blockId: BlockID, seenCommit: Commit, chainState: Uint8Array): Promise<void>;
}

/** What validators exchange. Block parts travel whole with the proposal for now. */
export type ConsensusMessage =
  | { type: 'proposal'; proposal: Proposal; block: Block }
  | { type: 'vote'; vote: Vote };

/** The network seam: the next issue plugs libp2p gossip in here. */
export interface Transport {
  broadcast(msg: ConsensusMessage): void;
  /** Returns an unsubscribe function. */
  onMessage(cb: (msg: ConsensusMessage) => void): () => void;
}

/**
 * Write-ahead log seam (the next issue implements it): every event is appended before the
 * core sees it, and an end-of-height marker after the block is stored, so a crash inside a
 * height can be replayed.
 */
export interface ConsensusWal {
  append(entry: { type: 'event'; event: ConsensusEvent } | { type: 'endHeight'; height: bigint }): Promise<void>;
}

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
