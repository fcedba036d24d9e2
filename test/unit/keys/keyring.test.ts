import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bip39, EnglishMnemonic, Slip10, Slip10Curve, stringToPath, Secp256k1, Sha256, Ripemd160 } from '@cosmjs/crypto';
import { toBech32 } from '@cosmjs/encoding';
import { Keyring, HD_PATH, isSeedAddress, normalizeMnemonic } from '../../../src/keys/keyring.js';
import { KeyringError } from '../../../src/keys/errors.js';
import { open as openBox, seal } from '../../../src/keys/secretBox.js';
import { isLowS, verifySecp256k1 } from '../../../src/crypto/secp256k1.js';

const accounts = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'genesis', 'devnet-accounts.json'), 'utf8')).accounts as { name: string; mnemonic: string; address: string }[];
const alice = accounts[0]!;

function tmpHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-keys-'));
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    if (typeof p === 'function') p(); else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KeyringError);
    return (e as KeyringError).code;
  }
  throw new Error('expected a KeyringError');
}

/** Independent derivation with cosmjs primitives (not the wallet the keyring uses). */
async function deriveAddress(mnemonic: string): Promise<string> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(HD_PATH));
  const pub = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return toBech32('seed', new Ripemd160().update(new Sha256(pub).digest()).digest());
}

describe('Keyring (test backend)', () => {
  test('add / list / show / delete', async () => {
    const kr = Keyring.open(tmpHome(), 'test');
    expect(kr.isEmpty()).toBe(true);
    const k = await kr.add('key-1');
    expect(k.mnemonic!.split(' ')).toHaveLength(24);
    expect(isSeedAddress(k.address)).toBe(true);
    expect(await deriveAddress(k.mnemonic!)).toBe(k.address);
    expect(Buffer.from(k.pubkey, 'base64')).toHaveLength(33);
    const k2 = await kr.add('a_2', { mnemonic: alice.mnemonic });
    expect(k2.mnemonic).toBeUndefined();
    expect(kr.list().map((x) => x.name)).toEqual(['a_2', 'key-1']);
    expect(kr.show('key-1')).toEqual({ name: 'key-1', type: 'local', address: k.address, pubkey: k.pubkey });
    expect(kr.resolve(k.address).name).toBe('key-1');
    expect(kr.resolve('a_2').address).toBe(alice.address);
    kr.delete('key-1');
    expect(kr.list().map((x) => x.name)).toEqual(['a_2']);
    expect(await code(() => kr.show('key-1'))).toBe('KEYRING_KEY_NOT_FOUND');
    expect(await code(() => kr.delete('key-1'))).toBe('KEYRING_KEY_NOT_FOUND');
    expect(await code(() => kr.resolve(k.address))).toBe('KEYRING_KEY_NOT_FOUND');
  });

  test('signOffChain signs with the account key: the signature verifies under the key of its address', async () => {
    const kr = Keyring.open(tmpHome(), 'test');
    await kr.add('alice', { mnemonic: alice.mnemonic });
    const message = new TextEncoder().encode('seedcast off-chain request');
    const { pubkey, signature } = await kr.signOffChain('alice', message);
    expect(toBech32('seed', new Ripemd160().update(new Sha256(pubkey).digest()).digest())).toBe(alice.address);
    expect(signature).toHaveLength(64);
    expect(isLowS(signature)).toBe(true);
    expect(verifySecp256k1(pubkey, message, signature)).toBe(true);
    expect(verifySecp256k1(pubkey, new TextEncoder().encode('another request'), signature)).toBe(false);
  });

  test('recover gives the address cosmjs derives, whatever the spacing and case', async () => {
    const kr = Keyring.open(tmpHome(), 'test');
    const messy = `  ${alice.mnemonic.toUpperCase().split(' ').join('   ')}\n`;
    const k = await kr.add('alice', { mnemonic: messy });
    expect(k.address).toBe(alice.address);
    expect(await deriveAddress(alice.mnemonic)).toBe(alice.address);
    const signer = await kr.signer('alice');
    const [acc] = await signer.getAccounts();
    expect(acc!.address).toBe(alice.address);
    expect(Buffer.from(acc!.pubkey).toString('base64')).toBe(k.pubkey);
  });

  test('duplicate names, bad names and bad mnemonics are refused', async () => {
    const kr = Keyring.open(tmpHome(), 'test');
    await kr.add('bob', { mnemonic: accounts[1]!.mnemonic });
    expect(await code(kr.add('bob'))).toBe('KEYRING_KEY_EXISTS');
    for (const bad of ['', 'Bob', '../etc', 'a b', 'x'.repeat(65), 'é']) {
      expect(await code(kr.add(bad))).toBe('KEYRING_BAD_NAME');
    }
    expect(await code(() => kr.show('../../x'))).toBe('KEYRING_BAD_NAME');
    const words = alice.mnemonic.split(' ');
    const badChecksum = [...words.slice(0, 23), words[23] === 'abandon' ? 'ability' : 'abandon'].join(' ');
    expect(await code(kr.add('c1', { mnemonic: badChecksum }))).toBe('KEYRING_BAD_MNEMONIC');
    expect(await code(kr.add('c2', { mnemonic: words.slice(0, 11).join(' ') }))).toBe('KEYRING_BAD_MNEMONIC');
    expect(await code(kr.add('c3', { mnemonic: '' }))).toBe('KEYRING_BAD_MNEMONIC');
    expect(await code(kr.add('c4', { mnemonic: words.slice(0, 23).join(' ') + ' notaword' }))).toBe('KEYRING_BAD_MNEMONIC');
    expect(kr.list().map((k) => k.name)).toEqual(['bob']);
    expect(() => normalizeMnemonic(badChecksum)).toThrow(/invalid mnemonic/);
  });

  test('key files are 0600 in a 0700 folder and the test backend keeps the mnemonic', async () => {
    const home = tmpHome();
    const kr = Keyring.open(home, 'test');
    await kr.add('alice', { mnemonic: alice.mnemonic });
    const dir = path.join(home, 'keyring-test');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'alice.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'alice.json'), 'utf8')).mnemonic).toBe(alice.mnemonic);
    expect(fs.readdirSync(dir)).toEqual(['alice.json']); // no temp file left behind
  });

  test('corrupt key files give a clear error', async () => {
    const home = tmpHome();
    const kr = Keyring.open(home, 'test');
    fs.writeFileSync(path.join(home, 'keyring-test', 'junk.json'), '{not json');
    expect(await code(() => kr.show('junk'))).toBe('KEYRING_CORRUPT_FILE');
    fs.writeFileSync(path.join(home, 'keyring-test', 'junk.json'), JSON.stringify({ name: 'other', address: 'x', pubkey: 'y', mnemonic: 'z' }));
    expect(await code(() => kr.show('junk'))).toBe('KEYRING_CORRUPT_FILE');
  });

  test('an unknown backend is refused', async () => {
    expect(await code(() => Keyring.open(tmpHome(), 'os' as never))).toBe('KEYRING_BAD_BACKEND');
  });
});

describe('Keyring (file backend)', () => {
  const pass = 'correct horse battery';

  test('mnemonic is encrypted at rest and decrypts with the right passphrase', async () => {
    const home = tmpHome();
    const kr = Keyring.open(home, 'file', pass);
    const k = await kr.add('alice', { mnemonic: alice.mnemonic });
    const text = fs.readFileSync(path.join(home, 'keyring-file', 'alice.json'), 'utf8');
    expect(fs.statSync(path.join(home, 'keyring-file', 'alice.json')).mode & 0o777).toBe(0o600);
    for (const w of new Set(alice.mnemonic.split(' '))) expect(text).not.toMatch(new RegExp(`\\b${w}\\b`));
    const f = JSON.parse(text);
    expect(f.sealed).toMatchObject({ kdf: 'scrypt', n: 32768, r: 8, p: 1, cipher: 'aes-256-gcm' });
    expect(f.mnemonic).toBeUndefined();
    // list/show need no passphrase; signing does
    expect(Keyring.open(home, 'file').show('alice').address).toBe(k.address);
    expect(await code(Keyring.open(home, 'file').signer('alice'))).toBe('KEYRING_NO_PASSPHRASE');
    const [acc] = await (await Keyring.open(home, 'file', pass).signer('alice')).getAccounts();
    expect(acc!.address).toBe(alice.address);
  });

  test('wrong passphrase: clear error, no secret in the message, no key added', async () => {
    const home = tmpHome();
    await Keyring.open(home, 'file', pass).add('alice', { mnemonic: alice.mnemonic });
    const wrong = Keyring.open(home, 'file', 'not the passphrase');
    let err: KeyringError | undefined;
    try { await wrong.signer('alice'); } catch (e) { err = e as KeyringError; }
    expect(err?.code).toBe('KEYRING_WRONG_PASSPHRASE');
    expect(err?.message).toMatch(/wrong keyring passphrase/);
    expect(err?.message).not.toContain(alice.mnemonic.split(' ')[0]!);
    expect(JSON.stringify(err?.context)).not.toContain('not the passphrase');
    expect(await code(wrong.add('bob', { mnemonic: accounts[1]!.mnemonic }))).toBe('KEYRING_WRONG_PASSPHRASE');
    expect(wrong.list().map((k) => k.name)).toEqual(['alice']);
    expect(await code(Keyring.open(home, 'file').add('carol'))).toBe('KEYRING_NO_PASSPHRASE');
  });

  test('tampered ciphertext or header is detected', async () => {
    const box = seal('secret words', pass);
    expect(openBox(box, pass, 'k')).toBe('secret words');
    const ct = Buffer.from(box.ciphertext, 'base64');
    ct[0] = ct[0]! ^ 1;
    expect(() => openBox({ ...box, ciphertext: ct.toString('base64') }, pass, 'k')).toThrow(/wrong keyring passphrase/);
    expect(() => openBox({ ...box, n: 1 << 30 }, pass, 'k')).toThrow(KeyringError);
    expect(() => openBox({ ...box, tag: 'AAAA' }, pass, 'k')).toThrow(/corrupt/);
    const again = seal('secret words', pass);
    expect(again.salt).not.toBe(box.salt);
    expect(again.nonce).not.toBe(box.nonce);
  });
});
