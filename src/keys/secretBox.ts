// Passphrase encryption of keyring secrets: scrypt (N=2^15, r=8, p=1) then AES-256-GCM.
// node:crypto for both: native and constant-time, far faster than pure JS scrypt.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { KeyringError } from './errors.js';

export interface SealedSecret {
  kdf: 'scrypt';
  n: number;
  r: number;
  p: number;
  salt: string; // base64
  cipher: 'aes-256-gcm';
  nonce: string; // base64, 12 bytes
  ciphertext: string; // base64
  tag: string; // base64, 16 bytes
}

const SCRYPT = { n: 1 << 15, r: 8, p: 1 };
// scrypt needs 128*N*r bytes (32 MiB here), exactly node's default cap: raise it.
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

function deriveKey(passphrase: string, salt: Buffer, n: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize('NFKD'), salt, 32, { N: n, r, p, maxmem: SCRYPT_MAXMEM });
}

export function seal(plaintext: string, passphrase: string): SealedSecret {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const key = deriveKey(passphrase, salt, SCRYPT.n, SCRYPT.r, SCRYPT.p);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return {
    kdf: 'scrypt', n: SCRYPT.n, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'),
    cipher: 'aes-256-gcm', nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
  };
}

export function open(box: SealedSecret, passphrase: string, keyName: string): string {
  const sane = box && box.kdf === 'scrypt' && box.cipher === 'aes-256-gcm'
    && Number.isInteger(box.n) && box.n >= 1024 && box.n <= 1 << 20 && Number.isInteger(box.r) && box.r >= 1 && box.r <= 32
    && Number.isInteger(box.p) && box.p >= 1 && box.p <= 16;
  if (!sane) throw new KeyringError('KEYRING_CORRUPT_FILE', `key "${keyName}": unsupported or corrupt encryption header`, { name: keyName });
  const key = deriveKey(passphrase, Buffer.from(box.salt, 'base64'), box.n, box.r, box.p);
  const nonce = Buffer.from(box.nonce, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  if (nonce.length !== 12 || tag.length !== 16) throw new KeyringError('KEYRING_CORRUPT_FILE', `key "${keyName}": corrupt nonce or tag`, { name: keyName });
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(Buffer.from(box.ciphertext, 'base64')), d.final()]).toString('utf8');
  } catch {
    throw new KeyringError('KEYRING_WRONG_PASSPHRASE', `wrong keyring passphrase for key "${keyName}" (or the key file was tampered with)`, { name: keyName });
  }
}
