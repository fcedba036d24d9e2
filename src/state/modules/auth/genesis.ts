// Genesis section of auth: params and the accounts that exist from block 1 (account numbers
// are given in list order).
import { fromBech32Address } from '../../../codec/address.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV } from '../../store/kv.js';
import { accountKeeper } from './keeper.js';
import { DEFAULT_AUTH_PARAMS, setAuthParams, type AuthParams } from './params.js';

export interface AuthGenesis {
  params?: Partial<Record<'max_memo_characters' | 'tx_sig_limit' | 'tx_size_cost_per_byte' | 'sig_verify_cost_secp256k1', string>>;
  accounts?: { address: string }[];
}

function uint(v: string | undefined, fallback: bigint, name: string): bigint {
  if (v === undefined) return fallback;
  if (!/^[0-9]{1,19}$/.test(v)) throw sdkError(SDK.InvalidRequest, `genesis auth.params.${name}: not an unsigned integer`);
  return BigInt(v);
}

export function initAuthGenesis(kv: KV, section: unknown): void {
  const g = (section ?? {}) as AuthGenesis;
  const p = g.params ?? {};
  const params: AuthParams = {
    maxMemoCharacters: uint(p.max_memo_characters, DEFAULT_AUTH_PARAMS.maxMemoCharacters, 'max_memo_characters'),
    txSigLimit: uint(p.tx_sig_limit, DEFAULT_AUTH_PARAMS.txSigLimit, 'tx_sig_limit'),
    txSizeCostPerByte: uint(p.tx_size_cost_per_byte, DEFAULT_AUTH_PARAMS.txSizeCostPerByte, 'tx_size_cost_per_byte'),
    sigVerifyCostSecp256k1: uint(p.sig_verify_cost_secp256k1, DEFAULT_AUTH_PARAMS.sigVerifyCostSecp256k1, 'sig_verify_cost_secp256k1'),
  };
  setAuthParams(kv, params);
  for (const { address } of g.accounts ?? []) {
    accountKeeper.ensureAccount(kv, fromBech32Address(address));
  }
}
