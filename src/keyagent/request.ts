// Building a request (client side) and checking its shape (agent side: MALFORMED when it fails).
import { randomBytes } from 'node:crypto';
import type { KeyRequest } from '../codec/seedcast/keys.js';
import {
  CONTENT_ID_BYTES,
  MAX_CHAIN_ID_CHARS,
  MAX_NONCE_BYTES,
  MAX_PEER_ID_CHARS,
  MIN_NONCE_BYTES,
  OWNER_PUBKEY_BYTES,
  SIGNATURE_BYTES,
  X25519_KEY_BYTES,
} from './constants.js';
import { ownerPublicKey, signKeyRequest } from './signing.js';

export interface KeyRequestParams {
  chainId: string;
  licenseId: bigint;
  contentId: Uint8Array;
  /** The libp2p peer id of the agent this request is for. */
  agent: string;
  requesterX25519: Uint8Array;
  /** A recent committed height. */
  height: bigint;
  /** The license owner's secp256k1 account private key (32 bytes). */
  ownerPrivkey: Uint8Array;
  /** Defaults to 16 fresh random bytes. */
  nonce?: Uint8Array;
}

/** A signed request for one agent, with a fresh nonce. */
export function buildKeyRequest(p: KeyRequestParams): KeyRequest {
  return signKeyRequest(
    {
      chainId: p.chainId,
      licenseId: p.licenseId,
      contentId: p.contentId,
      agent: p.agent,
      requesterX25519: p.requesterX25519,
      height: p.height,
      nonce: p.nonce ?? new Uint8Array(randomBytes(MIN_NONCE_BYTES)),
      ownerPubkey: ownerPublicKey(p.ownerPrivkey),
    },
    p.ownerPrivkey,
  );
}

/** What is wrong with a decoded request's sizes and ranges, or undefined when nothing is. */
export function keyRequestProblem(req: KeyRequest): string | undefined {
  if (req.chainId.length === 0 || req.chainId.length > MAX_CHAIN_ID_CHARS) return `chain_id must be 1..${MAX_CHAIN_ID_CHARS} characters`;
  if (req.licenseId <= 0n) return 'license_id must be at least 1';
  if (req.contentId.length !== CONTENT_ID_BYTES) return `content_id must be ${CONTENT_ID_BYTES} bytes, got ${req.contentId.length}`;
  if (req.agent.length === 0 || req.agent.length > MAX_PEER_ID_CHARS) return `agent must be 1..${MAX_PEER_ID_CHARS} characters`;
  if (req.requesterX25519.length !== X25519_KEY_BYTES) return `requester_x25519 must be ${X25519_KEY_BYTES} bytes, got ${req.requesterX25519.length}`;
  if (req.height <= 0n) return 'height must be at least 1';
  if (req.nonce.length < MIN_NONCE_BYTES || req.nonce.length > MAX_NONCE_BYTES) return `nonce must be ${MIN_NONCE_BYTES}..${MAX_NONCE_BYTES} bytes, got ${req.nonce.length}`;
  if (req.ownerPubkey.length !== OWNER_PUBKEY_BYTES) return `owner_pubkey must be ${OWNER_PUBKEY_BYTES} bytes, got ${req.ownerPubkey.length}`;
  if (req.signature.length !== SIGNATURE_BYTES) return `signature must be ${SIGNATURE_BYTES} bytes, got ${req.signature.length}`;
  return undefined;
}
