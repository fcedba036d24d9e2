// Accounts: number, sequence and public key per address. Other modules use the narrow
// AccountKeeper interface, never the keys.
import { toBech32Address } from '../../../codec/address.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { decodeBaseAccount, encodeBaseAccount } from './accountCodec.js';
import { accountKey, nextAccountNumberKey } from './keys.js';

export { SECP256K1_PUBKEY_URL } from './accountCodec.js';

export interface Account {
  address: Uint8Array;
  accountNumber: bigint;
  sequence: bigint;
  /** Compressed secp256k1 key, known once the account has signed a tx. */
  pubKey?: Uint8Array;
}

export interface AccountKeeper {
  getAccount(kv: ReadonlyKV, address: Uint8Array): Account | undefined;
  ensureAccount(kv: KV, address: Uint8Array): Account;
}

export function encodeAccount(a: Account): Uint8Array {
  return encodeBaseAccount({ address: toBech32Address(a.address), accountNumber: a.accountNumber, sequence: a.sequence, pubKey: a.pubKey });
}

/** The address comes from the state key: the stored bech32 text need not be parsed again. */
function decodeAccount(raw: Uint8Array, address: Uint8Array): Account {
  return { address, ...decodeBaseAccount(raw) };
}

export const accountKeeper = {
  getAccount(kv: ReadonlyKV, address: Uint8Array): Account | undefined {
    const raw = kv.get(accountKey(address));
    return raw ? decodeAccount(raw, address) : undefined;
  },

  setAccount(kv: KV, a: Account): void {
    kv.set(accountKey(a.address), encodeAccount(a));
  },

  /** Returns the account, creating it with the next account number if it is new. */
  ensureAccount(kv: KV, address: Uint8Array): Account {
    const existing = accountKeeper.getAccount(kv, address);
    if (existing) return existing;
    const raw = kv.get(nextAccountNumberKey());
    const accountNumber = raw ? BigInt(Buffer.from(raw).toString()) : 0n;
    kv.set(nextAccountNumberKey(), Buffer.from((accountNumber + 1n).toString()));
    const a: Account = { address, accountNumber, sequence: 0n };
    accountKeeper.setAccount(kv, a);
    return a;
  },
} satisfies AccountKeeper & Record<string, unknown>;
