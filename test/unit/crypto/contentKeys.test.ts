import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbkdf2Sync } from 'node:crypto';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ContentKeyError,
  contentKey,
  contentMasterSecret,
  creatorSecretFromMnemonic,
  newContentSalt,
} from '../../../src/crypto/contentKeys.js';
import { Keyring } from '../../../src/keys/keyring.js';
import { KeyringError } from '../../../src/keys/errors.js';

const accounts = JSON.parse(readFileSync(join(process.cwd(), 'genesis', 'devnet-accounts.json'), 'utf8')).accounts as { name: string; mnemonic: string }[];
const alice = accounts[0]!.mnemonic;
const bob = accounts[1]!.mnemonic;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Independent derivation: BIP39 seed by PBKDF2 by hand, HKDF by @noble/hashes.
function independentKey(mnemonic: string, salt: Uint8Array): { creator: Uint8Array; master: Uint8Array; key: Uint8Array } {
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
  const creator = hkdf(sha256, seed, utf8('seedcast/creator-secret/v1'), utf8("m/44'/118'/0'/0/0"), 32);
  const master = hkdf(sha256, creator, salt, utf8('seedcast/content-master/v1'), 32);
  const key = hkdf(sha256, master, new Uint8Array(0), utf8('seedcast/content-key/v1'), 32);
  return { creator, master, key };
}

describe('content keys', () => {
  const salt = Uint8Array.from({ length: 32 }, (_, i) => i);

  it('matches an independent HKDF computation (known vector)', async () => {
    const want = independentKey(alice, salt);
    const creator = await creatorSecretFromMnemonic(alice);
    expect(hex(creator)).toBe(hex(want.creator));
    const master = contentMasterSecret(creator, salt);
    expect(hex(master)).toBe(hex(want.master));
    expect(hex(contentKey(master))).toBe(hex(want.key));
  });

  it('is deterministic from the mnemonic, whatever its spacing and case', async () => {
    const a = await creatorSecretFromMnemonic(alice);
    const messy = `  ${alice.toUpperCase().split(' ').join('  \n')} `;
    expect(hex(await creatorSecretFromMnemonic(messy))).toBe(hex(a));
    expect(hex(await creatorSecretFromMnemonic(bob))).not.toBe(hex(a));
  });

  it('different salts give different masters and keys', async () => {
    const creator = await creatorSecretFromMnemonic(alice);
    const s1 = newContentSalt();
    const s2 = newContentSalt();
    expect(s1).toHaveLength(32);
    expect(hex(s1)).not.toBe(hex(s2));
    const k1 = contentKey(contentMasterSecret(creator, s1));
    const k2 = contentKey(contentMasterSecret(creator, s2));
    expect(k1).toHaveLength(32);
    expect(hex(k1)).not.toBe(hex(k2));
    // The key is not the master itself.
    expect(hex(k1)).not.toBe(hex(contentMasterSecret(creator, s1)));
  });

  it('bad inputs get clear errors that show no secret', async () => {
    await expect(creatorSecretFromMnemonic('not a mnemonic at all')).rejects.toMatchObject({ code: 'CONTENT_KEY_BAD_MNEMONIC' });
    const wrongChecksum = alice.split(' ').slice(0, 23).concat('abandon').join(' ');
    const err = await creatorSecretFromMnemonic(wrongChecksum).catch((e: unknown) => e as ContentKeyError);
    expect(err).toBeInstanceOf(ContentKeyError);
    expect((err as Error).message).not.toContain(alice.split(' ')[0]!);
    expect(() => contentMasterSecret(new Uint8Array(31), salt)).toThrow(/creator secret must be 32 bytes/);
    expect(() => contentMasterSecret(new Uint8Array(32), new Uint8Array(0))).toThrow(/salt must be 32 bytes/);
    expect(() => contentKey(new Uint8Array(64))).toThrow(ContentKeyError);
  });
});

describe('Keyring.creatorSecret', () => {
  const dirs: string[] = [];
  const home = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'seedcast-ck-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('test backend: the creator secret of the key mnemonic', async () => {
    const kr = Keyring.open(home(), 'test');
    await kr.add('alice', { mnemonic: alice });
    expect(hex(await kr.creatorSecret('alice'))).toBe(hex(independentKey(alice, salt32()).creator));
    await expect(kr.creatorSecret('nobody')).rejects.toMatchObject({ code: 'KEYRING_KEY_NOT_FOUND' });
  });

  it('file backend: needs the right passphrase, as signer() does', async () => {
    const h = home();
    const kr = Keyring.open(h, 'file', 'correct horse');
    await kr.add('alice', { mnemonic: alice });
    expect(hex(await Keyring.open(h, 'file', 'correct horse').creatorSecret('alice'))).toBe(hex(await creatorSecretFromMnemonic(alice)));
    await expect(Keyring.open(h, 'file').creatorSecret('alice')).rejects.toMatchObject({ code: 'KEYRING_NO_PASSPHRASE' });
    const wrong = await Keyring.open(h, 'file', 'wrong').creatorSecret('alice').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(KeyringError);
    expect((wrong as KeyringError).code).toBe('KEYRING_WRONG_PASSPHRASE');
  });
});

function salt32(): Uint8Array {
  return new Uint8Array(32);
}
