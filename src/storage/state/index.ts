export { StateStore, DEFAULT_NODE_CACHE, type Staged, type StateIterateOptions } from './stateStore.js';
export { verifyStateProof, encodeStateProof, decodeStateProof, STATE_PROOF_OP_TYPE, MAX_STATE_PROOF_BYTES, type StateProof } from './proof.js';
export { EMPTY_HASH as EMPTY_STATE_ROOT } from './hash.js';
