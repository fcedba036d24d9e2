// Piece store errors: a string code plus structured context (content id hex, piece, block).

export type PieceStoreErrorCode =
  | 'STORE_BAD_META' // a content's meta is inconsistent (piece layer does not hash to the id, bad sizes)
  | 'STORE_BAD_PIECE' // a completed piece's leaves do not hash to its piece-layer entry
  | 'STORE_BAD_BLOCK' // a block or leaf of the wrong size
  | 'STORE_NOT_HELD' // a read touches a piece that is not complete
  | 'STORE_OUT_OF_RANGE' // a block or piece index outside the content
  | 'STORE_UNKNOWN_CONTENT'
  | 'STORE_CLOSED'
  | 'STORE_IO';

export class PieceStoreError extends Error {
  constructor(
    readonly code: PieceStoreErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'PieceStoreError';
  }
}

/** Wraps a filesystem failure; keeps the OS error code (ENOSPC, EACCES...) in the context. */
export function ioError(what: string, err: unknown, context: Record<string, unknown> = {}): PieceStoreError {
  if (err instanceof PieceStoreError) return err;
  const e = err as NodeJS.ErrnoException;
  return new PieceStoreError('STORE_IO', `${what}: ${e?.message ?? String(err)}`, { ...context, errno: e?.code });
}
