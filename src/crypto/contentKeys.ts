// Content keys (DESIGN.md §4, §5). Each step is HKDF-SHA256 (node:crypto hkdfSync):
//   creator secret = HKDF(BIP39 seed of the account mnemonic, "seedcast/creator-secret/v1", HD path)
//   content master = HKDF(creator secret, content salt, "seedcast/content-master/v1")
//   content key    = HKDF(content master, empty salt, "seedcast/content-key/v1")
// A fresh salt per publication gives a fresh key, so no (key, nonce) pair is ever reused.
// The creator's node holds only a content's master secret, never the creator secret.
import { hkdfSync, randomBytes } from 'node:crypto';
import { Bip39, EnglishMnemonic } from '@cosmjs/crypto';

export const CREATOR_SECRET_SALT = 'seedcast/creator-secret/v1';
export const CREATOR_SECRET_INFO = "m/44'/118'/0'/0/0";
export const CONTENT_MASTER_INFO = 'seedcast/content-master/v1';
export const CONTENT_KEY_INFO = 'seedcast/content-key/v1';
export const SECRET_BYTES = 32;
export const CONTENT_SALT_BYTES = 32;

export type ContentKeyErrorCode = 'CONTENT_KEY_BAD_MNEMONIC' | 'CONTENT_KEY_BAD_INPUT';

/** Never carries secret bytes or mnemonic words: only lengths. */
export class ContentKeyError extends Error {
  constructor(readonly code: ContentKeyErrorCode, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ContentKeyError';
  }
}

function hkdf32(ikm: Uint8Array, salt: Uint8Array | string, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, SECRET_BYTES));
}

function check32(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SECRET_BYTES) {
    throw new ContentKeyError('CONTENT_KEY_BAD_INPUT', `${what} must be ${SECRET_BYTES} bytes`, {
      gotBytes: bytes instanceof Uint8Array ? bytes.length : null,
    });
  }
}

/** The creator secret of the account whose mnemonic this is (BIP39 seed, empty BIP39 passphrase). */
export async function creatorSecretFromMnemonic(mnemonic: string): Promise<Uint8Array> {
  const words = typeof mnemonic === 'string' ? mnemonic.trim().toLowerCase().split(/\s+/).join(' ') : '';
  let parsed: EnglishMnemonic;
  try {
    parsed = new EnglishMnemonic(words);
  } catch {
    // The cosmjs message may quote a word; ours says only how many words there were.
    throw new ContentKeyError('CONTENT_KEY_BAD_MNEMONIC', 'invalid mnemonic (unknown word or bad checksum)', {
      words: words ? words.split(' ').length : 0,
    });
  }
  const seed = await Bip39.mnemonicToSeed(parsed);
  try {
    return hkdf32(seed, CREATOR_SECRET_SALT, CREATOR_SECRET_INFO);
  } finally {
    seed.fill(0);
  }
}

/** The master secret of one content: from the creator secret and that publication's salt. */
export function contentMasterSecret(creatorSecret: Uint8Array, salt: Uint8Array): Uint8Array {
  check32(creatorSecret, 'a creator secret');
  check32(salt, 'a content salt');
  return hkdf32(creatorSecret, salt, CONTENT_MASTER_INFO);
}

/** The AES-256-GCM key of one content, from its master secret. */
export function contentKey(master: Uint8Array): Uint8Array {
  check32(master, 'a content master secret');
  return hkdf32(master, new Uint8Array(0), CONTENT_KEY_INFO);
}

/** 32 fresh random bytes: one per publication. */
export function newContentSalt(): Uint8Array {
  return new Uint8Array(randomBytes(CONTENT_SALT_BYTES));
}
