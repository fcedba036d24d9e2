// Noise's cipher for the transport messages, without the copy. @libp2p/noise seals a message
// (up to 65,519 bytes) with node:crypto and then concatenates the ciphertext and its 16-byte tag
// into a fresh buffer: a second allocation and a full copy of every byte the node sends (half of
// a seeder's ArrayBuffer churn, which drives its major GCs). Noise's framing appends the
// sealed message to a Uint8ArrayList anyway, so we hand it the two parts as a list: 256 MiB of
// 65,519-byte messages cost ~115 ms of CPU instead of ~145 ms (4 alternating rounds, one core).
// Same bytes on the wire; the key exchange, hashing and decryption stay @libp2p/noise's own,
// but for its HKDF (below).
import { createCipheriv, hkdfSync } from 'node:crypto';
import { defaultCrypto } from '@libp2p/noise/crypto';
import { Uint8ArrayList } from 'uint8arraylist';
import { sendBuffers } from './sendBuffers.js';

export type NoiseCrypto = typeof defaultCrypto;
type Bytes = Uint8Array | Uint8ArrayList;

/** Below this size @libp2p/noise's WebAssembly ChaCha20-Poly1305 is the faster one (its own measure); we keep its choice. */
export const WASM_CIPHER_BELOW_BYTES = 1200;
/** The AEAD tag at the end of every noise message (ChaCha20-Poly1305 and AES-GCM alike). */
export const TAG_BYTES = 16;

// Each plaintext part, once sealed, is reported to the send-buffer pool (sendBuffers.ts).
const reportSealed = (plaintext: Bytes): void => {
  if (plaintext instanceof Uint8Array) sendBuffers.consumed(plaintext);
  else for (const part of plaintext) sendBuffers.consumed(part);
};

/** Seals `plaintext` with node:crypto's AEAD `algorithm` into a list: the ciphertext parts, then the tag. */
export function sealAsList(algorithm: 'chacha20-poly1305' | 'aes-256-gcm', plaintext: Bytes, nonce: Uint8Array, ad: Uint8Array, key: Uint8Array): Uint8ArrayList {
  // Two calls, as @types/node types each AEAD's options by its own overload.
  const cipher =
    algorithm === 'aes-256-gcm'
      ? createCipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES })
      : createCipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(ad, { plaintextLength: plaintext.byteLength });
  const out = new Uint8ArrayList();
  if (plaintext instanceof Uint8Array) out.append(cipher.update(plaintext));
  else for (const part of plaintext) out.append(cipher.update(part));
  // Both are stream-cipher modes: final() returns nothing, the tag is the only trailer.
  cipher.final();
  out.append(cipher.getAuthTag());
  reportSealed(plaintext);
  return out;
}

const encrypt: NoiseCrypto['chaCha20Poly1305Encrypt'] = (plaintext, nonce, ad, key) => {
  if (plaintext.byteLength < WASM_CIPHER_BELOW_BYTES) {
    const sealed = defaultCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key);
    reportSealed(plaintext);
    return sealed;
  }
  // node:crypto is used for the large messages, as @libp2p/noise does: ~3x the WebAssembly rate here.
  return sealAsList('chacha20-poly1305', plaintext, nonce, ad, key);
};

// Noise's HKDF(ck, ikm) is RFC 5869's with ck as the salt and no info, three 32-byte outputs.
// @libp2p/noise computes it with @noble/hashes in JavaScript; node:crypto's native one gives the
// same bytes and costs a new connection's handshake less: its first 4 calls in a fresh process
// took 9 ms in JavaScript and 0.6 ms in node:crypto (a handshake makes 4 on each side, and
// both sides wait on each other's).
const getHKDF: NoiseCrypto['getHKDF'] = (ck, ikm) => {
  const okm = new Uint8Array(hkdfSync('sha256', ikm, ck, new Uint8Array(0), 96));
  return [okm.subarray(0, 32), okm.subarray(32, 64), okm.subarray(64, 96)];
};

/** The crypto to pass to `noise({ crypto })`. */
export const noiseCrypto: NoiseCrypto = { ...defaultCrypto, chaCha20Poly1305Encrypt: encrypt, getHKDF };
