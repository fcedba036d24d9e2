// The node's X25519 key (DESIGN.md §5): the validator's custody key, and the key a buyer's node
// receives sealed key bundles on. Stored in the home as config/agent_key.json, mode 0600:
//   { "type": "x25519", "public_key": "<base64>", "private_key": "<base64>" }
// A corrupt file is an error, never silently replaced: sealed shares on chain name this key.
import { readFileSync } from 'node:fs';
import { replaceFileDurably } from '../storage/durableFile.js';
import { X25519_KEY_BYTES, type X25519Keypair, x25519Keypair, x25519PublicOf } from '../crypto/ecies.js';
import { KeyringError } from './errors.js';

export const AGENT_KEY_FILE = 'agent_key.json';
export const AGENT_KEY_TYPE = 'x25519';

export type AgentKey = X25519Keypair;

interface AgentKeyFile {
  type: string;
  public_key: string;
  private_key: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeKeyField(value: unknown, field: string, path: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new KeyringError('AGENT_KEY_CORRUPT', `agent key file: ${field} is not base64`, { path, field });
  }
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (bytes.length !== X25519_KEY_BYTES) {
    throw new KeyringError('AGENT_KEY_BAD_LENGTH', `agent key file: ${field} must be ${X25519_KEY_BYTES} bytes`, {
      path,
      field,
      gotBytes: bytes.length,
    });
  }
  return bytes;
}

function parseAgentKey(text: string, path: string): AgentKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyringError('AGENT_KEY_CORRUPT', 'agent key file is not valid JSON', { path });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyringError('AGENT_KEY_CORRUPT', 'agent key file is not a JSON object', { path });
  }
  const file = parsed as Partial<AgentKeyFile>;
  if (file.type !== AGENT_KEY_TYPE) {
    throw new KeyringError('AGENT_KEY_CORRUPT', `agent key file: type must be "${AGENT_KEY_TYPE}"`, {
      path,
      type: typeof file.type === 'string' ? file.type.slice(0, 32) : typeof file.type,
    });
  }
  const publicKey = decodeKeyField(file.public_key, 'public_key', path);
  const privateKey = decodeKeyField(file.private_key, 'private_key', path);
  if (!Buffer.from(x25519PublicOf(privateKey)).equals(publicKey)) {
    privateKey.fill(0);
    throw new KeyringError('AGENT_KEY_MISMATCH', 'agent key file: public_key does not match private_key', { path });
  }
  return { publicKey, privateKey };
}

/** Reads the agent key at path; throws KeyringError AGENT_KEY_* when missing or corrupt. */
export function loadAgentKey(path: string): AgentKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyringError('AGENT_KEY_NOT_FOUND', 'no agent key file', { path });
    throw new KeyringError('AGENT_KEY_UNREADABLE', 'agent key file cannot be read', { path, errno: code });
  }
  return parseAgentKey(text, path);
}

/** Reads the agent key at path, or creates one (parent folders too, mode 0600, written durably). */
export function loadOrCreateAgentKey(path: string): AgentKey {
  try {
    return loadAgentKey(path);
  } catch (err) {
    if (!(err instanceof KeyringError) || err.code !== 'AGENT_KEY_NOT_FOUND') throw err;
  }
  const key = x25519Keypair();
  const file: AgentKeyFile = {
    type: AGENT_KEY_TYPE,
    public_key: Buffer.from(key.publicKey).toString('base64'),
    private_key: Buffer.from(key.privateKey).toString('base64'),
  };
  replaceFileDurably(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  return key;
}
