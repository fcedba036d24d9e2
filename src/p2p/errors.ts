// P2P errors: a namespaced string code plus structured context (peer ids, sizes; never payloads).

export type P2PErrorCode =
  | 'P2P_BAD_LISTEN_ADDR'
  | 'P2P_BAD_PEER_ADDR'
  | 'P2P_FRAME_TOO_LARGE'
  | 'P2P_DECODE'
  | 'P2P_STREAM_CLOSED'
  | 'P2P_TIMEOUT'
  | 'P2P_NO_PEER_HAS_BLOCK'
  | 'P2P_NOT_STARTED';

export class P2PError extends Error {
  constructor(
    readonly code: P2PErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'P2PError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
