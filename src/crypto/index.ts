// Public face of src/crypto (account keys; validator ed25519 lives with consensus).
export { sha256, ripemd160 } from './hash.js';
export { verifySecp256k1, isLowS, SECP256K1_PUBKEY_LENGTH, SECP256K1_SIGNATURE_LENGTH } from './secp256k1.js';
export { VerifyPool, VerifyPoolError, type VerifyItem, type VerifyPoolErrorCode } from './verifyPool.js';
