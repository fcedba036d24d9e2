// Protocol ids, size caps and timing of the p2p layer, with defaults.

export const PROTOCOL_CONSENSUS = '/seedcast/consensus/1.0.0';
export const PROTOCOL_TX = '/seedcast/tx/1.0.0';
export const PROTOCOL_STATUS = '/seedcast/status/1.0.0';
export const PROTOCOL_BLOCKSYNC = '/seedcast/blocksync/1.0.0';
export const PROTOCOL_PEX = '/seedcast/pex/1.0.0';

/** The block_max_bytes consensus param's ceiling: proposals and synced blocks are capped near it. */
export const DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;
/** Room for the proposal, header, last commit and evidence around the block's txs. */
export const BLOCK_FRAME_SLACK_BYTES = 1024 * 1024;
export const MAX_VOTE_FRAME_BYTES = 4 * 1024;
export const MAX_EVIDENCE_FRAME_BYTES = 16 * 1024;
export const MAX_STATUS_FRAME_BYTES = 1024;
export const MAX_BLOCK_REQUEST_FRAME_BYTES = 64;
export const MAX_TX_BATCH_FRAME_BYTES = 2 * 1024 * 1024;
export const MAX_TXS_PER_BATCH = 20_000;
/** Peer exchange: entries per answer, bytes per binary multiaddr, addresses per listed peer. */
export const MAX_PEX_ADDRS = 32;
export const MAX_PEX_ADDR_BYTES = 256;
export const MAX_PEX_ADDRS_PER_PEER = 4;
export const MAX_PEX_REQUEST_FRAME_BYTES = 64;
export const MAX_PEX_FRAME_BYTES = 16 * 1024;

export interface P2PTuning {
  /** How often each peer's status (chain id, height) is polled. */
  statusIntervalMs: number;
  /** Per request/response timeout (status, one block). */
  requestTimeoutMs: number;
  /** Persistent-peer redial backoff: first delay, doubled up to the max, forever. */
  redialMinMs: number;
  redialMaxMs: number;
  /** How long a peer that fell below the score threshold is refused. */
  banMs: number;
  /**
   * Tx batches are flushed at this size or after this delay, whichever comes first. Under load
   * each node's txs trickle in at a few per millisecond: 25 ms batches cut the CPU of 4 validators
   * per tx by ~9% against 5 ms (bench:consensus open loop), for at most 25 ms more per hop.
   */
  txBatchBytes: number;
  txBatchDelayMs: number;
  /** Outbound bytes queued for one peer beyond which new gossip to it is dropped. */
  maxQueuedBytesPerPeer: number;
  /** Below the target peer count, one peer is asked for addresses this often. */
  pexIntervalMs: number;
  /** A peer (bootstrap or learnt) whose dial failed is not dialled again for this long. */
  pexDialRetryMs: number;
}

export const DEFAULT_TUNING: P2PTuning = {
  statusIntervalMs: 1000,
  requestTimeoutMs: 5000,
  redialMinMs: 250,
  redialMaxMs: 10_000,
  banMs: 60_000,
  txBatchBytes: 64 * 1024,
  txBatchDelayMs: 25,
  maxQueuedBytesPerPeer: 64 * 1024 * 1024,
  pexIntervalMs: 5000,
  pexDialRetryMs: 30_000,
};
