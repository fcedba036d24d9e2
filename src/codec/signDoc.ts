// The bytes a SIGN_MODE_DIRECT signature covers: the SignDoc protobuf over the tx's raw body
// and auth info bytes, chain id and account number (as cosmjs's makeSignBytes builds it).
import { SignDoc } from 'cosmjs-types/cosmos/tx/v1beta1/tx';

export function signDocBytes(bodyBytes: Uint8Array, authInfoBytes: Uint8Array, chainId: string, accountNumber: bigint): Uint8Array {
  return SignDoc.encode({ bodyBytes, authInfoBytes, chainId, accountNumber }).finish();
}
