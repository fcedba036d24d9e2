// Accounts: number, sequence and public key per address. Other modules use the narrow
// AccountKeeper interface, never the keys.
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { toBech32Address } from '../../../codec/address.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { accountKey, nextAccountNumberKey } from './keys.js';

export const SECP256K1_PUBKEY_URL = '/cosmos.crypto.secp256k1.PubKey';

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
  return BaseAccount.encode(toBaseAccount(a)).finish();
}

export function toBaseAccount(a: Account): BaseAccount {
  return BaseAccount.fromPartial({
    address: toBech32Address(a.address),
    accountNumber: a.accountNumber,
    sequence: a.sequence,
    pubKey: a.pubKey
      ? { typeUrl: SECP256K1_PUBKEY_URL, value: PubKey.encode({ key: a.pubKey }).finish() }
      : undefined,
  });
}

/** The address comes from the state key: the stored bech32 text need not be parsed again. */
function decodeAccount(raw: Uint8Array, address: Uint8Array): Account {
  const b = BaseAccount.decode(raw);
  return {
    address,
    accountNumber: b.accountNumber,
    sequence: b.sequence,
    pubKey: b.pubKey ? PubKey.decode(b.pubKey.value).key : undefined,
  };
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
