// The key agent protocol /seedcast/keys/1.0.0: id, frame caps, field sizes, default limits.

export const KEYS_PROTOCOL = '/seedcast/keys/1.0.0';
/** Domain tag that opens a request's sign bytes. */
export const KEY_REQUEST_SIGN_TAG = 'seedcast/keys/1.0.0 request\n';

export const MAX_REQUEST_BYTES = 2048;
export const MAX_RESPONSE_BYTES = 4096;

export const CONTENT_ID_BYTES = 32;
export const X25519_KEY_BYTES = 32;
export const MIN_NONCE_BYTES = 16;
export const MAX_NONCE_BYTES = 32;
export const OWNER_PUBKEY_BYTES = 33;
export const SIGNATURE_BYTES = 64;
export const MAX_CHAIN_ID_CHARS = 64;
export const MAX_PEER_ID_CHARS = 128;

/** The ECIES context a bundle is sealed under: binds the ciphertext to its license. */
export function bundleContext(licenseId: bigint): string {
  return `key-bundle/${licenseId}`;
}

/** The ECIES context of a custody share sealed to a validator. */
export function custodyShareContext(contentIdHex: string, index: number): string {
  return `custody-share/${contentIdHex}/${index}`;
}
