// Keyring errors: string codes plus context. Never carries a mnemonic or passphrase.
export type KeyringErrorCode =
  | 'KEYRING_BAD_NAME'
  | 'KEYRING_BAD_BACKEND'
  | 'KEYRING_KEY_EXISTS'
  | 'KEYRING_KEY_NOT_FOUND'
  | 'KEYRING_BAD_MNEMONIC'
  | 'KEYRING_NO_PASSPHRASE'
  | 'KEYRING_WRONG_PASSPHRASE'
  | 'KEYRING_CORRUPT_FILE'
  | 'VAULT_BAD_SECRET'
  | 'VAULT_BAD_ID'
  | 'VAULT_CORRUPT'
  | 'AGENT_KEY_NOT_FOUND'
  | 'AGENT_KEY_UNREADABLE'
  | 'AGENT_KEY_CORRUPT'
  | 'AGENT_KEY_BAD_LENGTH'
  | 'AGENT_KEY_MISMATCH';

export class KeyringError extends Error {
  constructor(readonly code: KeyringErrorCode, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'KeyringError';
  }
}
