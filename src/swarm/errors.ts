// Swarm errors: a string code plus structured context. Never carries key bytes or secrets.
export type SwarmErrorCode =
  | 'SWARM_BAD_LAYOUT'
  | 'SWARM_BAD_CONTENT_ID'
  | 'SWARM_BAD_PIECE_LAYER'
  | 'SWARM_BAD_BLOCK'
  | 'SWARM_BAD_KEY'
  | 'SWARM_DECRYPT'
  | 'SWARM_INPUT'
  | 'SWARM_INPUT_CHANGED'
  | 'SWARM_OUTPUT'
  | 'SWARM_BAD_RANGE'
  | 'SWARM_ABORTED'
  // Codes of the swarm protocol and engine (owned by the SWARM helper) are plain strings too.
  | (string & {});

export class SwarmError extends Error {
  constructor(readonly code: SwarmErrorCode, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SwarmError';
  }
}
