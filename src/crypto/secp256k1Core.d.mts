import type { KeyObject } from 'node:crypto';
export function isLowS(sig64: Uint8Array): boolean;
export function publicKeyObject(pubkey33: Uint8Array): KeyObject | null;
export function verifySecp256k1(pubkey33: Uint8Array, message: Uint8Array, sig64: Uint8Array): boolean;
