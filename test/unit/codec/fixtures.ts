// Builds txs the way cosmjs does, for codec tests.
import { encodePubkey, makeAuthInfoBytes, makeSignBytes, makeSignDoc } from '@cosmjs/proto-signing';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { AuthInfo, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { toBech32Address, addressFromPubkey } from '../../../src/codec/address.js';

export const CHAIN_ID = 'seedcast-test';

export interface TestKey {
  sk: Uint8Array;
  pk: Uint8Array;
  address: string;
}

export function testKey(): TestKey {
  const sk = secp256k1.utils.randomSecretKey();
  const pk = secp256k1.getPublicKey(sk, true);
  return { sk, pk, address: toBech32Address(addressFromPubkey(pk)) };
}

export function sendBody(from: string, memo = '', count = 1): TxBody {
  const value = MsgSend.encode({ fromAddress: from, toAddress: from, amount: [{ denom: 'useed', amount: '10' }] }).finish();
  return TxBody.fromPartial({ messages: Array.from({ length: count }, () => ({ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value })), memo });
}

export interface TxParts {
  body?: TxBody;
  bodyBytes?: Uint8Array;
  authInfoBytes?: Uint8Array;
  signers?: number;
  sequence?: number;
  fee?: { denom: string; amount: string }[];
  gas?: bigint;
  mode?: SignMode;
  signatures?: Uint8Array[];
  accountNumber?: bigint;
}

/** A signed TxRaw from `key` (SIGN_MODE_DIRECT), with any part overridable. */
export function signedTx(key: TestKey, parts: TxParts = {}): { bytes: Uint8Array; signBytes: Uint8Array } {
  const bodyBytes = parts.bodyBytes ?? TxBody.encode(parts.body ?? sendBody(key.address)).finish();
  const pubkey = encodePubkey(encodeSecp256k1Pubkey(key.pk));
  const n = parts.signers ?? 1;
  const authInfoBytes =
    parts.authInfoBytes ??
    makeAuthInfoBytes(
      Array.from({ length: n }, () => ({ pubkey, sequence: parts.sequence ?? 0 })),
      parts.fee ?? [{ denom: 'useed', amount: '5000' }],
      Number(parts.gas ?? 200000n),
      undefined,
      undefined,
      parts.mode ?? SignMode.SIGN_MODE_DIRECT,
    );
  const signBytes = makeSignBytes(makeSignDoc(bodyBytes, authInfoBytes, CHAIN_ID, parts.accountNumber ?? 7n));
  const sig = secp256k1.sign(signBytes, key.sk);
  const signatures = parts.signatures ?? Array.from({ length: n }, () => sig);
  return { bytes: TxRaw.encode({ bodyBytes, authInfoBytes, signatures }).finish(), signBytes };
}

/** AuthInfo bytes from a loose literal (tests build malformed ones on purpose). */
export function authInfoBytes(partial: object): Uint8Array {
  return AuthInfo.encode(AuthInfo.fromPartial(partial as never)).finish();
}
