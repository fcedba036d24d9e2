// Consensus timing and switches, with CometBFT-like defaults (blocks ~1 s apart when idle).

export interface TimeoutOptions {
  /** ms; each timeout grows by its delta per round: base + round * delta. */
  timeoutProposeMs: number;
  timeoutProposeDeltaMs: number;
  timeoutPrevoteMs: number;
  timeoutPrevoteDeltaMs: number;
  timeoutPrecommitMs: number;
  timeoutPrecommitDeltaMs: number;
  /** Pause after a commit before the next height starts (collects late votes, paces blocks). */
  timeoutCommitMs: number;
}

export interface ConsensusOptions extends TimeoutOptions {
  /** When false, a new height waits for txs (or a needed proof block) before proposing. */
  createEmptyBlocks: boolean;
  /** A height without a commit for this long re-sends our proposal and votes of it (lost to a partition). */
  rebroadcastMs: number;
  /** How often the driver asks the block source whether peers are ahead. */
  syncPollMs: number;
  /** Peers committed our current height and we did not for this long: fetch it by block sync. */
  syncStallMs: number;
  /** TEST ONLY: sign a second, conflicting prevote for every prevote (to be caught as evidence). */
  equivocate?: boolean;
}

export const DEFAULT_CONSENSUS_OPTIONS: ConsensusOptions = {
  timeoutProposeMs: 3000,
  timeoutProposeDeltaMs: 500,
  timeoutPrevoteMs: 1000,
  timeoutPrevoteDeltaMs: 500,
  timeoutPrecommitMs: 1000,
  timeoutPrecommitDeltaMs: 500,
  timeoutCommitMs: 1000,
  createEmptyBlocks: true,
  rebroadcastMs: 2000,
  syncPollMs: 500,
  syncStallMs: 4000,
  equivocate: false,
};

/** Rounds further ahead than this are ignored (bounds memory against a spamming peer). */
export const MAX_ROUNDS_AHEAD = 100;
/** Messages for the next height kept while this one finishes. */
export const MAX_FUTURE_MESSAGES = 10_000;
