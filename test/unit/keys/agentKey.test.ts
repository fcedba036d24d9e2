// The node's X25519 agent key file: created once with mode 0600, read back, corrupt files refused.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgentKey, loadOrCreateAgentKey } from '../../../src/keys/agentKey.js';
import { KeyringError } from '../../../src/keys/errors.js';
import { openSealed, sealTo, x25519Keypair, x25519PublicOf } from '../../../src/crypto/ecies.js';

let home: string;
let path: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'seedcast-agentkey-'));
  path = join(home, 'config', 'agent_key.json');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeyringError);
    return (err as KeyringError).code;
  }
  return undefined;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const writeKeyFile = (obj: unknown): void => writeFileSync(path, typeof obj === 'string' ? obj : JSON.stringify(obj));

test('creates the key once (parent folder too, mode 0600) and reads the same key back', () => {
  const created = loadOrCreateAgentKey(path);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const file = JSON.parse(readFileSync(path, 'utf8'));
  expect(file).toEqual({ type: 'x25519', public_key: b64(created.publicKey), private_key: b64(created.privateKey) });
  expect(Buffer.from(x25519PublicOf(created.privateKey)).equals(created.publicKey)).toBe(true);
  const again = loadOrCreateAgentKey(path);
  expect(Buffer.from(again.privateKey).equals(created.privateKey)).toBe(true);
  const loaded = loadAgentKey(path);
  expect(Buffer.from(loaded.publicKey).equals(created.publicKey)).toBe(true);
  // The key works for what it is for: opening what was sealed to it.
  const sealed = sealTo(loaded.publicKey, new Uint8Array([1, 2, 3]), 'key-bundle/1');
  expect([...openSealed(created.privateKey, sealed, 'key-bundle/1')]).toEqual([1, 2, 3]);
});

test('a missing file is AGENT_KEY_NOT_FOUND for loadAgentKey', () => {
  expect(codeOf(() => loadAgentKey(path))).toBe('AGENT_KEY_NOT_FOUND');
});

test('corrupt files are refused with clear codes and never replaced', () => {
  loadOrCreateAgentKey(path);
  const good = x25519Keypair();
  const other = x25519Keypair();
  const cases: [unknown, string][] = [
    ['{not json', 'AGENT_KEY_CORRUPT'],
    ['[1,2]', 'AGENT_KEY_CORRUPT'],
    [{ type: 'ed25519', public_key: b64(good.publicKey), private_key: b64(good.privateKey) }, 'AGENT_KEY_CORRUPT'],
    [{ type: 'x25519', public_key: '!!!', private_key: b64(good.privateKey) }, 'AGENT_KEY_CORRUPT'],
    [{ type: 'x25519', public_key: b64(good.publicKey) }, 'AGENT_KEY_CORRUPT'],
    [{ type: 'x25519', public_key: b64(good.publicKey.subarray(1)), private_key: b64(good.privateKey) }, 'AGENT_KEY_BAD_LENGTH'],
    [{ type: 'x25519', public_key: b64(good.publicKey), private_key: b64(new Uint8Array(33)) }, 'AGENT_KEY_BAD_LENGTH'],
    [{ type: 'x25519', public_key: b64(other.publicKey), private_key: b64(good.privateKey) }, 'AGENT_KEY_MISMATCH'],
  ];
  for (const [content, code] of cases) {
    writeKeyFile(content);
    expect(codeOf(() => loadAgentKey(path))).toBe(code);
    expect(codeOf(() => loadOrCreateAgentKey(path))).toBe(code);
    expect(readFileSync(path, 'utf8')).toBe(typeof content === 'string' ? content : JSON.stringify(content));
  }
  // The error never carries the private key.
  writeKeyFile({ type: 'x25519', public_key: b64(other.publicKey), private_key: b64(good.privateKey) });
  let thrown = false;
  try {
    loadAgentKey(path);
  } catch (err) {
    thrown = true;
    const text = `${(err as Error).message} ${JSON.stringify((err as KeyringError).context)}`;
    expect(text).not.toContain(b64(good.privateKey));
  }
  expect(thrown).toBe(true);
});
