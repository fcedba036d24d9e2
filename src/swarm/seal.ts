// Sealing one block (DESIGN.md §4): AES-256-GCM with the content key, nonce = block index as
// 12 bytes big-endian, AAD = content salt || index as 8 bytes big-endian. The plaintext is
// zero-padded to 16,368 bytes, so every sealed block (ciphertext || tag) is exactly 16 KiB.
// node:crypto AES-GCM: AES-NI makes it many times faster than a pure-JS cipher.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES, BLOCK_PLAIN_BYTES } from './layout.js';

export const CONTENT_KEY_BYTES = 32;
export const CONTENT_SALT_BYTES = 32;

const ZERO_PAD = new Uint8Array(BLOCK_PLAIN_BYTES);

function nonceOf(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function aadOf(salt: Uint8Array, index: number): Buffer {
  const aad = Buffer.alloc(CONTENT_SALT_BYTES + 8);
  aad.set(salt, 0);
  aad.writeBigUInt64BE(BigInt(index), CONTENT_SALT_BYTES);
  return aad;
}

function checkParams(key: Uint8Array, salt: Uint8Array, index: number): void {
  // Only lengths go into the context, never key bytes.
  if (!(key instanceof Uint8Array) || key.length !== CONTENT_KEY_BYTES) {
    throw new SwarmError('SWARM_BAD_KEY', 'a content key is 32 bytes', { keyBytes: key?.length ?? null });
  }
  if (!(salt instanceof Uint8Array) || salt.length !== CONTENT_SALT_BYTES) {
    throw new SwarmError('SWARM_BAD_KEY', 'a content salt is 32 bytes', { saltBytes: salt?.length ?? null });
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new SwarmError('SWARM_BAD_BLOCK', 'a block index is a non-negative integer', { index });
  }
}

function outBuffer(out: Uint8Array | undefined, bytes: number): Uint8Array {
  if (out === undefined) return new Uint8Array(bytes);
  if (out.length < bytes) {
    throw new SwarmError('SWARM_BAD_BLOCK', `the output buffer needs ${bytes} bytes`, { gotBytes: out.length });
  }
  return out;
}

/** Seal block `index`: `plain` is at most 16,368 bytes; returns (or fills `out` with) 16,384 bytes. */
export function sealBlock(key: Uint8Array, salt: Uint8Array, index: number, plain: Uint8Array, out?: Uint8Array): Uint8Array {
  checkParams(key, salt, index);
  if (plain.length > BLOCK_PLAIN_BYTES) {
    throw new SwarmError('SWARM_BAD_BLOCK', `a plaintext block is at most ${BLOCK_PLAIN_BYTES} bytes`, {
      index,
      gotBytes: plain.length,
    });
  }
  const target = outBuffer(out, BLOCK_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonceOf(index));
  cipher.setAAD(aadOf(salt, index));
  let at = 0;
  const head = cipher.update(plain);
  target.set(head, at);
  at += head.length;
  if (plain.length < BLOCK_PLAIN_BYTES) {
    const pad = cipher.update(ZERO_PAD.subarray(0, BLOCK_PLAIN_BYTES - plain.length));
    target.set(pad, at);
    at += pad.length;
  }
  const rest = cipher.final();
  target.set(rest, at);
  target.set(cipher.getAuthTag(), BLOCK_PLAIN_BYTES);
  return out === undefined ? target : target.subarray(0, BLOCK_BYTES);
}

/**
 * Open block `index`: `cipher` is 16,384 bytes; returns (or fills `out` with) the 16,368 padded
 * plaintext bytes. Throws SWARM_DECRYPT when the key does not match or the block is corrupt.
 */
export function openBlock(key: Uint8Array, salt: Uint8Array, index: number, cipher: Uint8Array, out?: Uint8Array): Uint8Array {
  checkParams(key, salt, index);
  if (cipher.length !== BLOCK_BYTES) {
    throw new SwarmError('SWARM_BAD_BLOCK', `a sealed block is ${BLOCK_BYTES} bytes`, { index, gotBytes: cipher.length });
  }
  const target = outBuffer(out, BLOCK_PLAIN_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(index));
  decipher.setAAD(aadOf(salt, index));
  decipher.setAuthTag(cipher.subarray(BLOCK_PLAIN_BYTES));
  const body = decipher.update(cipher.subarray(0, BLOCK_PLAIN_BYTES));
  try {
    const rest = decipher.final();
    target.set(body, 0);
    target.set(rest, body.length);
  } catch {
    throw new SwarmError(
      'SWARM_DECRYPT',
      `block ${index} does not open: the content key (or salt) does not match this content, or the block is corrupt`,
      { index },
    );
  }
  return out === undefined ? target : target.subarray(0, BLOCK_PLAIN_BYTES);
}
