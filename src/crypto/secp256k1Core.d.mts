export const secp256k1Backend: 'libsecp256k1' | 'node:crypto';
export function isLowS(sig64: Uint8Array): boolean;
export function verifyWithNodeCrypto(pubkey33: Uint8Array, message: Uint8Array, sig64: Uint8Array): boolean;
export function verifyWithLibsecp256k1(pubkey33: Uint8Array, message: Uint8Array, sig64: Uint8Array): boolean | null;
export function verifySecp256k1(pubkey33: Uint8Array, message: Uint8Array, sig64: Uint8Array): boolean;
