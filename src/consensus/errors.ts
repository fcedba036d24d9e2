// Consensus errors: a namespaced string code plus structured context (never secrets).

export type ConsensusErrorCode =
  | 'CONSENSUS_INVALID_BLOCK'
  | 'CONSENSUS_INVALID_COMMIT'
  | 'CONSENSUS_INVALID_VOTE'
  | 'CONSENSUS_INVALID_VALIDATOR_SET'
  | 'CONSENSUS_INVALID_GENESIS'
  | 'CONSENSUS_INVALID_STATE_BYTES'
  | 'PRIVVAL_CONFLICT'
  | 'PRIVVAL_REGRESSION'
  | 'PRIVVAL_KEY_FILE'
  | 'PRIVVAL_STATE_FILE'
  | 'WAL_CORRUPT'
  | 'WAL_AHEAD'
  | 'EVIDENCE_INVALID';

export class ConsensusError extends Error {
  constructor(
    readonly code: ConsensusErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'ConsensusError';
  }
}

/** validateBlock's error: names the header (or block) field that is wrong. */
export class InvalidBlockError extends ConsensusError {
  constructor(readonly field: string, message: string, context: Record<string, unknown> = {}) {
    super('CONSENSUS_INVALID_BLOCK', `${field}: ${message}`, { field, ...context });
    this.name = 'InvalidBlockError';
  }
}
