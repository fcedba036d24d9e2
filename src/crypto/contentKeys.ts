// Content keys (DESIGN.md §4, §5). Each step is HKDF-SHA256 (node:crypto hkdfSync):
//   creator secret = HKDF(BIP39 seed of the account mnemonic, "seedcast/creator-secret/v1", HD path)
//   content master = HKDF(creator secret, content salt, "seedcast/content-master/v1")
//   content key    = HKDF(content master, empty salt, "seedcast/content-key/v1")
// A fresh salt per publication gives a fresh key, so no (key, nonce) pair is ever reused.
// The creator's node holds only a content's master secret, never the creator secret.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
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

// ---- Licenses and custody (issue 5, DESIGN.md §5) ----
//   license key n   = HKDF(M, salt = content id, "seedcast/license-key/v1" || n as u64 BE)
//   key check       = HKDF(K, empty salt, "seedcast/key-check/v1"): public commitment to K
//   custody seed    = HKDF(M, salt = content id, "seedcast/custody-poly/v1"): Shamir coefficients
//   share mark      = HMAC-SHA256(share, "seedcast/share-mark/v1" || content id || n as u64 BE)
// License keys and share marks are recomputable only from M, so a leaked bundle names its license.
export const LICENSE_KEY_INFO = 'seedcast/license-key/v1';
export const KEY_CHECK_INFO = 'seedcast/key-check/v1';
export const CUSTODY_POLY_INFO = 'seedcast/custody-poly/v1';
export const SHARE_MARK_LABEL = 'seedcast/share-mark/v1';
export const CONTENT_ID_BYTES = 32;
const U64_MAX = (1n << 64n) - 1n;

function u64BigEndian(value: bigint, what: string): Buffer {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) {
    throw new ContentKeyError('CONTENT_KEY_BAD_INPUT', `${what} must be a u64 bigint`, {
      got: typeof value === 'bigint' ? value.toString() : typeof value,
    });
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value);
  return out;
}

function checkContentId(contentId: Uint8Array): void {
  if (!(contentId instanceof Uint8Array) || contentId.length !== CONTENT_ID_BYTES) {
    throw new ContentKeyError('CONTENT_KEY_BAD_INPUT', `a content id must be ${CONTENT_ID_BYTES} bytes`, {
      gotBytes: contentId instanceof Uint8Array ? contentId.length : null,
    });
  }
}

/** The key material bound to license number n of a content: unique per n, computable only from M. */
export function licenseKey(master: Uint8Array, contentId: Uint8Array, number: bigint): Uint8Array {
  check32(master, 'a content master secret');
  checkContentId(contentId);
  const info = Buffer.concat([Buffer.from(LICENSE_KEY_INFO, 'utf8'), u64BigEndian(number, 'a license number')]);
  return new Uint8Array(hkdfSync('sha256', master, contentId, info, SECRET_BYTES));
}

/** Public commitment to a content key K: lets a buyer check the K it combined from shares. */
export function keyCheck(key: Uint8Array): Uint8Array {
  check32(key, 'a content key');
  return hkdf32(key, new Uint8Array(0), KEY_CHECK_INFO);
}

/** The secret seed the custody shares of a content are dealt from (same M, same shares). */
export function custodyPolynomialSeed(master: Uint8Array, contentId: Uint8Array): Uint8Array {
  check32(master, 'a content master secret');
  checkContentId(contentId);
  return hkdf32(master, contentId, CUSTODY_POLY_INFO);
}

/** A validator's mark for license n: binds the bundle it answers with to its share and to n. */
export function shareMark(share: Uint8Array, contentId: Uint8Array, number: bigint): Uint8Array {
  check32(share, 'a custody share');
  checkContentId(contentId);
  const mac = createHmac('sha256', share);
  mac.update(SHARE_MARK_LABEL);
  mac.update(contentId);
  mac.update(u64BigEndian(number, 'a license number'));
  return new Uint8Array(mac.digest());
}
