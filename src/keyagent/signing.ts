// Request signatures: the license owner's secp256k1 account key signs SHA-256(signBytes); the
// agent verifies with node:crypto (cached KeyObjects, ~4x @noble) and derives the owner's
// address the way the chain does (bech32 'seed' of RIPEMD160(SHA256(pubkey))).
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { addressFromPubkey, toBech32Address } from '../codec/address.js';
import type { KeyRequest, UnsignedKeyRequest } from '../codec/seedcast/keys.js';
import { sha256 } from '../crypto/hash.js';
import { verifySecp256k1 } from '../crypto/secp256k1.js';
import { KEY_REQUEST_SIGN_TAG, OWNER_PUBKEY_BYTES } from './constants.js';
import { KeyAgentError } from './errors.js';
import { bytesEqual } from '../util/bytes.js';

const TAG = new TextEncoder().encode(KEY_REQUEST_SIGN_TAG);
const utf8 = new TextEncoder();

function u64(value: bigint, signed: boolean): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  if (signed) view.setBigInt64(0, BigInt.asIntN(64, value));
  else view.setBigUint64(0, BigInt.asUintN(64, value));
  return out;
}

/**
 * utf8("seedcast/keys/1.0.0 request\n") || (u32 BE length || bytes) for fields 1..8 in order;
 * license_id and height are 8-byte big-endian (height as two's complement int64).
 */
export function keyRequestSignBytes(req: UnsignedKeyRequest): Uint8Array {
  const parts: Uint8Array[] = [
    utf8.encode(req.chainId),
    u64(req.licenseId, false),
    req.contentId,
    utf8.encode(req.agent),
    req.requesterX25519,
    u64(req.height, true),
    req.nonce,
    req.ownerPubkey,
  ];
  let length = TAG.length;
  for (const p of parts) length += 4 + p.length;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(TAG, 0);
  let at = TAG.length;
  for (const p of parts) {
    view.setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

/** The 33-byte compressed public key of a 32-byte secp256k1 private key. */
export function ownerPublicKey(privkey32: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(privkey32, true);
}

/**
 * Signs a request (deterministic RFC 6979, low-S). `unsigned.ownerPubkey` must be the key of
 * `privkey32`: a mismatch would only earn a BAD_SIGNATURE refusal, so it is caught here.
 */
export function signKeyRequest(unsigned: UnsignedKeyRequest, privkey32: Uint8Array): KeyRequest {
  if (!(privkey32 instanceof Uint8Array) || privkey32.length !== 32) {
    throw new KeyAgentError('KEY_BAD_REQUEST', 'a secp256k1 private key is 32 bytes');
  }
  const pub = ownerPublicKey(privkey32);
  if (unsigned.ownerPubkey.length !== OWNER_PUBKEY_BYTES || !bytesEqual(pub, unsigned.ownerPubkey)) {
    throw new KeyAgentError('KEY_BAD_REQUEST', 'owner_pubkey is not the public key of the signing key');
  }
  const digest = sha256(keyRequestSignBytes(unsigned));
  const signature = secp256k1.sign(digest, privkey32, { prehash: false, lowS: true });
  return { ...unsigned, signature };
}

/** True when the signature is a valid low-S signature of owner_pubkey over the sign bytes. */
export function verifyKeyRequest(req: KeyRequest): boolean {
  return verifySecp256k1(req.ownerPubkey, keyRequestSignBytes(req), req.signature);
}

/** The bech32 'seed1…' account address of a compressed secp256k1 public key. */
export function ownerAddressOf(ownerPubkey: Uint8Array): string {
  return toBech32Address(addressFromPubkey(ownerPubkey));
}
