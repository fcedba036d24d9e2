// The storage layer's public face: one LevelDB per node, every record under a bucket byte, and
// one atomic batch per committed height.
export { Db, Batch, Bucket, type IterateOptions } from './db.js';
export { StorageError, type StorageErrorCode } from './errors.js';
export { BlockStore, type StoredBlockMeta } from './blockStore.js';
export { TxIndex, type SearchPage } from './txIndex.js';
export { MAX_SCANNED_ENTRIES } from './eventIndex/search.js';
export {
  StateStore,
  DEFAULT_NODE_CACHE,
  verifyStateProof,
  encodeStateProof,
  decodeStateProof,
  STATE_PROOF_OP_TYPE,
  MAX_STATE_PROOF_BYTES,
  EMPTY_STATE_ROOT,
  type Staged,
  type StateProof,
  type StateIterateOptions,
} from './state/index.js';
