// Account signatures (Cosmos secp256k1). The logic lives in secp256k1Core.mjs so the verify
// workers run exactly the same code as the main thread.
//
// Contract: verifySecp256k1 never throws. A malformed key (not 33 bytes, not a compressed point
// on the curve), a malformed signature (not 64 bytes, r or s out of range), a high-S signature
// or a wrong signature all return false.
export { isLowS, secp256k1Backend, verifySecp256k1 } from './secp256k1Core.mjs';

/** Length of a compressed secp256k1 public key. */
export const SECP256K1_PUBKEY_LENGTH = 33;
/** Length of a Cosmos r||s signature. */
export const SECP256K1_SIGNATURE_LENGTH = 64;
