// The node's store of content master secrets: one sealed file per content it may decrypt (the
// creator's own publications now; bought keys in the licenses issue). Each secret is sealed with
// AES-256-GCM (node:crypto) under a vault key kept in config/ with mode 0600, like the node key:
// the data folder alone (a backup, a copied piece store) reveals no key. Whoever can read the
// whole home can decrypt, as with every key the node holds; that is stated in docs/content.md.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileDurably } from '../storage/durableFile.js';
import { KeyringError } from './errors.js';

const NONCE = 12;
const TAG = 16;
const SECRET = 32;
const ID_HEX = /^[0-9a-f]{64}$/;

export class ContentVault {
  private key?: Buffer;

  /** `keyPath`: the vault key file (created on first seal); `dir`: one sealed file per content. */
  constructor(private readonly keyPath: string, private readonly dir: string) {}

  has(contentIdHex: string): boolean {
    return ID_HEX.test(contentIdHex) && existsSync(join(this.dir, contentIdHex));
  }

  /** Content ids whose master secret the vault holds. */
  list(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((n) => ID_HEX.test(n)).sort();
  }

  put(contentIdHex: string, master: Uint8Array): void {
    checkId(contentIdHex);
    if (master.length !== SECRET) throw new KeyringError('VAULT_BAD_SECRET', `a content master secret is ${SECRET} bytes`);
    const nonce = randomBytes(NONCE);
    const c = createCipheriv('aes-256-gcm', this.vaultKey(true), nonce);
    c.setAAD(Buffer.from(contentIdHex, 'ascii'));
    const body = Buffer.concat([nonce, c.update(master), c.final(), c.getAuthTag()]);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    replaceFileDurably(join(this.dir, contentIdHex), body);
  }

  /** Forgets a content's master secret (nothing to do when the vault never held it). */
  remove(contentIdHex: string): void {
    checkId(contentIdHex);
    rmSync(join(this.dir, contentIdHex), { force: true });
  }

  /** The master secret of a content, or undefined when the vault does not hold it. */
  get(contentIdHex: string): Uint8Array | undefined {
    if (!this.has(contentIdHex)) return undefined;
    const body = readFileSync(join(this.dir, contentIdHex));
    if (body.length !== NONCE + SECRET + TAG) throw new KeyringError('VAULT_CORRUPT', `sealed key file for content ${contentIdHex} has the wrong size`);
    const d = createDecipheriv('aes-256-gcm', this.vaultKey(false), body.subarray(0, NONCE));
    d.setAAD(Buffer.from(contentIdHex, 'ascii'));
    d.setAuthTag(body.subarray(NONCE + SECRET));
    try {
      return new Uint8Array(Buffer.concat([d.update(body.subarray(NONCE, NONCE + SECRET)), d.final()]));
    } catch {
      throw new KeyringError('VAULT_CORRUPT', `sealed key file for content ${contentIdHex} does not open with this home's vault key`);
    }
  }

  private vaultKey(create: boolean): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyPath)) {
      const k = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'hex');
      if (k.length !== 32) throw new KeyringError('VAULT_CORRUPT', `${this.keyPath} does not hold a 32-byte hex key`);
      this.key = k;
    } else {
      if (!create) throw new KeyringError('VAULT_CORRUPT', `the vault key ${this.keyPath} is missing`);
      const k = randomBytes(32);
      replaceFileDurably(this.keyPath, k.toString('hex') + '\n');
      this.key = k;
    }
    return this.key;
  }
}

function checkId(id: string): void {
  if (!ID_HEX.test(id)) throw new KeyringError('VAULT_BAD_ID', 'a content id is 64 lowercase hex characters');
}
