// Cosmos-style keyring: one JSON file per key under <home>/keyring-<backend>/, mode 0600.
// `test` stores the mnemonic in plaintext (devnets only); `file` seals it with a passphrase.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bip39, EnglishMnemonic, Random, Secp256k1, sha256, Slip10, Slip10Curve, stringToPath } from '@cosmjs/crypto';
import { fromBech32, toBase64 } from '@cosmjs/encoding';
import { DirectSecp256k1HdWallet, type OfflineDirectSigner } from '@cosmjs/proto-signing';
import { creatorSecretFromMnemonic } from '../crypto/contentKeys.js';
import { KeyringError } from './errors.js';
import { open, seal, type SealedSecret } from './secretBox.js';

export type KeyringBackend = 'test' | 'file';
export const ADDRESS_PREFIX = 'seed';
/** m/44'/118'/0'/0/0, the Cosmos Hub path that wallets use (DirectSecp256k1HdWallet's default). */
export const HD_PATH = "m/44'/118'/0'/0/0";

export interface KeyInfo {
  name: string;
  type: 'local';
  address: string;
  /** Compressed secp256k1 public key, base64. */
  pubkey: string;
}

export interface AddedKey extends KeyInfo {
  /** Present only when the keyring generated the mnemonic: show it to the user once. */
  mnemonic?: string;
}

interface KeyFile extends KeyInfo {
  version: 1;
  mnemonic?: string;
  sealed?: SealedSecret;
}

const NAME_RE = /^[a-z0-9_-]{1,64}$/;

export function validateKeyName(name: string): void {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new KeyringError('KEYRING_BAD_NAME', `invalid key name "${String(name).slice(0, 80)}": use 1-64 of a-z, 0-9, _ and -`, { name });
  }
}

/** Trims, lowercases and single-spaces a mnemonic, then checks words and checksum. */
export function normalizeMnemonic(input: string): string {
  const m = input.trim().toLowerCase().split(/\s+/).join(' ');
  const words = m.split(' ').length;
  if (![12, 15, 18, 21, 24].includes(words)) {
    throw new KeyringError('KEYRING_BAD_MNEMONIC', `invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got ${m ? words : 0}`);
  }
  try {
    new EnglishMnemonic(m);
  } catch (e) {
    throw new KeyringError('KEYRING_BAD_MNEMONIC', `invalid mnemonic: ${(e as Error).message}`);
  }
  return m;
}

export function isSeedAddress(s: string): boolean {
  try {
    // An explicit limit: cosmjs 0.39 defaults it to Infinity, which @scure/base 2.4 rejects.
    const { prefix, data } = fromBech32(s, 90);
    return prefix === ADDRESS_PREFIX && data.length === 20;
  } catch {
    return false;
  }
}

async function walletFor(mnemonic: string): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: ADDRESS_PREFIX });
}

export class Keyring {
  private constructor(readonly dir: string, readonly backend: KeyringBackend, private readonly passphrase: string | undefined) {}

  /** Opens (creating if needed) the keyring of `home`. The file backend needs a passphrase to add keys or sign. */
  static open(home: string, backend: KeyringBackend = 'test', passphrase?: string): Keyring {
    if (backend !== 'test' && backend !== 'file') {
      throw new KeyringError('KEYRING_BAD_BACKEND', `unknown keyring backend "${String(backend)}": use test or file`, { backend });
    }
    const dir = join(home, `keyring-${backend}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new Keyring(dir, backend, passphrase);
  }

  private path(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  private read(name: string): KeyFile {
    validateKeyName(name);
    let text: string;
    try {
      text = readFileSync(this.path(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyringError('KEYRING_KEY_NOT_FOUND', `key "${name}" not found in the ${this.backend} keyring`, { name });
      throw e;
    }
    let f: KeyFile;
    try {
      f = JSON.parse(text) as KeyFile;
    } catch {
      throw new KeyringError('KEYRING_CORRUPT_FILE', `key file of "${name}" is not valid JSON`, { name });
    }
    if (f?.name !== name || typeof f.address !== 'string' || typeof f.pubkey !== 'string' || (!f.mnemonic && !f.sealed)) {
      throw new KeyringError('KEYRING_CORRUPT_FILE', `key file of "${name}" is missing fields`, { name });
    }
    return f;
  }

  private mnemonicOf(f: KeyFile): string {
    if (f.mnemonic) return f.mnemonic;
    if (!this.passphrase) throw new KeyringError('KEYRING_NO_PASSPHRASE', `key "${f.name}" is encrypted: a passphrase is needed`, { name: f.name });
    return open(f.sealed!, this.passphrase, f.name);
  }

  /** Adds a key from `mnemonic`, or from a fresh 24-word one (returned once in the result). */
  async add(name: string, opts: { mnemonic?: string } = {}): Promise<AddedKey> {
    validateKeyName(name);
    if (existsSync(this.path(name))) throw new KeyringError('KEYRING_KEY_EXISTS', `key "${name}" already exists in the ${this.backend} keyring`, { name });
    const generated = opts.mnemonic === undefined;
    const mnemonic = generated ? Bip39.encode(Random.getBytes(32)).toString() : normalizeMnemonic(opts.mnemonic!);
    if (this.backend === 'file') {
      if (!this.passphrase) throw new KeyringError('KEYRING_NO_PASSPHRASE', 'the file keyring backend needs a passphrase to add a key', { name });
      this.checkPassphraseAgainstExistingKeys();
    }
    const [account] = await (await walletFor(mnemonic)).getAccounts();
    const info: KeyInfo = { name, type: 'local', address: account!.address, pubkey: toBase64(account!.pubkey) };
    const file: KeyFile = { version: 1, ...info, ...(this.backend === 'test' ? { mnemonic } : { sealed: seal(mnemonic, this.passphrase!) }) };
    // Write to a temp file then rename: a crash never leaves a half-written key behind.
    const tmp = `${this.path(name)}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'w' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path(name));
    return generated ? { ...info, mnemonic } : info;
  }

  /** One passphrase per file keyring: refuse to add a key under a different one. */
  private checkPassphraseAgainstExistingKeys(): void {
    const first = this.names()[0];
    if (first !== undefined) this.mnemonicOf(this.read(first));
  }

  /** True when the keyring holds no key yet (a new passphrase is being chosen). */
  isEmpty(): boolean {
    return this.names().length === 0;
  }

  private names(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .filter((n) => NAME_RE.test(n))
      .sort();
  }

  list(): KeyInfo[] {
    return this.names().map((n) => this.show(n));
  }

  show(name: string): KeyInfo {
    const f = this.read(name);
    return { name: f.name, type: 'local', address: f.address, pubkey: f.pubkey };
  }

  delete(name: string): void {
    this.read(name);
    rmSync(this.path(name));
  }

  /** Finds a key by name, or by its seed1... address. */
  resolve(nameOrAddress: string): KeyInfo {
    if (isSeedAddress(nameOrAddress)) {
      const hit = this.list().find((k) => k.address === nameOrAddress);
      if (!hit) throw new KeyringError('KEYRING_KEY_NOT_FOUND', `no key with address ${nameOrAddress} in the ${this.backend} keyring`, { address: nameOrAddress });
      return hit;
    }
    return this.show(nameOrAddress);
  }

  /** A cosmjs SIGN_MODE_DIRECT signer for the key (decrypts the mnemonic in memory only). */
  async signer(name: string): Promise<OfflineDirectSigner> {
    const f = this.read(name);
    const wallet = await walletFor(this.mnemonicOf(f));
    const [account] = await wallet.getAccounts();
    if (account!.address !== f.address) {
      throw new KeyringError('KEYRING_CORRUPT_FILE', `key "${name}": stored address does not match its mnemonic`, { name });
    }
    return wallet;
  }

  /**
   * Signs SHA-256(`message`) with the account key (secp256k1, low-S r||s), for off-chain requests
   * such as key requests to a key agent. Returns the compressed public key with the signature; the
   * private key never leaves this call.
   */
  async signOffChain(name: string, message: Uint8Array): Promise<{ pubkey: Uint8Array; signature: Uint8Array }> {
    const f = this.read(name);
    const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(this.mnemonicOf(f)));
    const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(HD_PATH));
    seed.fill(0);
    try {
      const sig = await Secp256k1.createSignature(sha256(message), privkey);
      const { pubkey } = await Secp256k1.makeKeypair(privkey);
      return { pubkey: Secp256k1.compressPubkey(pubkey), signature: new Uint8Array([...sig.r(32), ...sig.s(32)]) };
    } finally {
      privkey.fill(0);
    }
  }

  /**
   * The creator secret of the key (HKDF of its BIP39 seed, see crypto/contentKeys.ts): content
   * keys derive from it. Opens the mnemonic in memory only, with the same passphrase as signer().
   */
  async creatorSecret(name: string): Promise<Uint8Array> {
    const f = this.read(name);
    return creatorSecretFromMnemonic(this.mnemonicOf(f));
  }
}
