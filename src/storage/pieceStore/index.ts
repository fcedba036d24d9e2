// The piece store's public face: verified ciphertext blocks on disk, complete pieces in an index.
export { PieceStore, type PieceStoreOptions } from './pieceStore.js';
export { ContentHandle, MAX_READ_BLOCKS } from './contentHandle.js';
export { PieceStoreError, type PieceStoreErrorCode } from './errors.js';
export type { ContentMeta } from './meta.js';
