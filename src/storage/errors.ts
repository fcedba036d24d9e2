// Storage errors: a namespaced string code plus structured context (never secrets).

export type StorageErrorCode =
  | 'STORAGE_DB_OPEN_FAILED'
  | 'STORAGE_DB_LOCKED'
  | 'STORAGE_DB_CLOSED'
  | 'STORAGE_BATCH_WRITTEN'
  | 'STORAGE_CORRUPT_RECORD'
  | 'STORAGE_BAD_ARGUMENT'
  | 'STORAGE_STATE_VERSION'
  | 'STORAGE_STATE_NODE_MISSING'
  | 'STORAGE_STALE_STAGED'
  | 'STORAGE_BAD_PROOF'
  | 'STORAGE_BLOCK_HEIGHT'
  | 'STORAGE_SEARCH_TOO_BROAD';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'StorageError';
  }
}
