// The content vault keeps each content's master secret sealed under the home's vault key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentVault } from '../../../src/keys/contentVault.js';

let home: string;
const vault = () => new ContentVault(join(home, 'config', 'content_vault_key'), join(home, 'data', 'content_keys'));
const ID = 'ab'.repeat(32);

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'seedcast-vault-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

test('a secret put is read back by a new vault on the same home, and is not stored in the clear', () => {
  const secret = randomBytes(32);
  vault().put(ID, secret);
  expect(Buffer.from(vault().get(ID)!).equals(secret)).toBe(true);
  expect(vault().list()).toEqual([ID]);
  const sealed = readFileSync(join(home, 'data', 'content_keys', ID));
  expect(sealed.indexOf(secret)).toBe(-1);
  expect(statSync(join(home, 'config', 'content_vault_key')).mode & 0o077).toBe(0);
  expect(statSync(join(home, 'data', 'content_keys', ID)).mode & 0o077).toBe(0);
});

test('unknown and removed contents have no secret; bad ids and sizes are refused', () => {
  expect(vault().get(ID)).toBeUndefined();
  vault().put(ID, randomBytes(32));
  vault().remove(ID);
  expect(vault().has(ID)).toBe(false);
  expect(() => vault().put('not-hex', randomBytes(32))).toThrow(/64 lowercase hex/);
  expect(() => vault().put(ID, randomBytes(16))).toThrow(/32 bytes/);
});

test('a tampered file, a file moved to another content id, or another vault key do not open', () => {
  vault().put(ID, randomBytes(32));
  const file = join(home, 'data', 'content_keys', ID);
  const sealed = readFileSync(file);
  const other = 'cd'.repeat(32);
  writeFileSync(join(home, 'data', 'content_keys', other), sealed); // bound to its content id
  expect(() => vault().get(other)).toThrow(/does not open/);
  sealed[20] ^= 1;
  writeFileSync(file, sealed);
  expect(() => vault().get(ID)).toThrow(/does not open/);
  writeFileSync(file, sealed.subarray(0, 10));
  expect(() => vault().get(ID)).toThrow(/wrong size/);
  vault().put(ID, randomBytes(32));
  writeFileSync(join(home, 'config', 'content_vault_key'), randomBytes(32).toString('hex'));
  expect(() => vault().get(ID)).toThrow(/does not open/);
});
