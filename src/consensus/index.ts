// Public face of the consensus subsystem.
export * from './errors.js';
export { bytesEqual, compareBytes, toHex } from './bytes.js';
export { msToTimestamp, timestampToMs, rfc3339ToMs } from './time.js';
export { merkleRoot, sha256, leafHash, innerHash } from './merkle.js';
export * from './hashing.js';
export * from './signBytes.js';
export * from './validatorSet.js';
export * from './voteSet.js';
export * from './chainState.js';
export { encodeChainState, decodeChainState } from './chainStateCodec.js';
export * from './block.js';
export * from './privval.js';
export * from './options.js';
export * from './types.js';
export { ConsensusCore, type CoreConfig } from './core.js';
export * from './interface.js';
export { NoopTransport } from './transport.js';
export { ConsensusDriver, type DriverModules, type CommitListener } from './driver.js';
