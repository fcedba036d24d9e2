// Auth parameters (the Cosmos SDK's x/auth Params, same names and defaults).
import { Params } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import type { ReadonlyKV, KV } from '../../store/kv.js';
import { paramsKey } from './keys.js';

export interface AuthParams {
  maxMemoCharacters: bigint;
  txSigLimit: bigint;
  txSizeCostPerByte: bigint;
  sigVerifyCostSecp256k1: bigint;
}

export const DEFAULT_AUTH_PARAMS: AuthParams = {
  maxMemoCharacters: 256n,
  txSigLimit: 7n,
  txSizeCostPerByte: 10n,
  sigVerifyCostSecp256k1: 1000n,
};

// Read by every tx: keep the last decoded value while its bytes are unchanged.
let last: { raw: string; params: AuthParams } | undefined;

export function getAuthParams(kv: ReadonlyKV): AuthParams {
  const raw = kv.get(paramsKey());
  if (!raw) return DEFAULT_AUTH_PARAMS;
  const text = Buffer.from(raw).toString('latin1');
  if (last?.raw === text) return last.params;
  const p = Params.decode(raw);
  last = { raw: text, params: decodeParams(p) };
  return last.params;
}

function decodeParams(p: Params): AuthParams {
  return {
    maxMemoCharacters: p.maxMemoCharacters,
    txSigLimit: p.txSigLimit,
    txSizeCostPerByte: p.txSizeCostPerByte,
    sigVerifyCostSecp256k1: p.sigVerifyCostSecp256k1,
  };
}

export function setAuthParams(kv: KV, p: AuthParams): void {
  kv.set(paramsKey(), Params.encode(Params.fromPartial({ ...p, sigVerifyCostEd25519: 590n })).finish());
}
