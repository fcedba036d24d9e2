// Tuning of the content swarm, with defaults.
export interface SwarmOptions {
  /** Unchoked peers by merit (plus one optimistic slot). */
  maxUploadSlots: number;
  rechokeMs: number;
  optimisticUnchokeMs: number;
  /** Upload cap in bytes/s over all peers; 0 = unlimited (token bucket). */
  uploadRateBytesPerSec: number;
  /** Blocks outstanding with each peer we download from. */
  pipelineBlocks: number;
  /** A peer that owes us blocks and sends none for this long has its requests reassigned. */
  requestTimeoutMs: number;
  /** download() fails with SWARM_NO_PROVIDERS after this long with no useful peer and no progress. */
  stallTimeoutMs: number;
}

export const DEFAULT_SWARM_OPTIONS: SwarmOptions = {
  maxUploadSlots: 4,
  rechokeMs: 10_000,
  optimisticUnchokeMs: 30_000,
  uploadRateBytesPerSec: 0,
  pipelineBlocks: 128,
  requestTimeoutMs: 15_000,
  stallTimeoutMs: 60_000,
};
