// The bytes a SIGN_MODE_DIRECT signature covers: the SignDoc protobuf over the tx's raw body
// and auth info bytes, chain id and account number (as cosmjs's makeSignBytes builds it).
// Encoded by hand (every tx needs it on every node): fields in number order, empty ones
// omitted, the same bytes as cosmjs-types' SignDoc.encode (a test compares the two).
import { ProtoWriter, bigVarintLen, fieldLen, strLen } from '../storage/protoWriter.js';

export function signDocBytes(bodyBytes: Uint8Array, authInfoBytes: Uint8Array, chainId: string, accountNumber: bigint): Uint8Array {
  if (accountNumber < 0n || accountNumber >= 1n << 64n) throw new RangeError('account number out of uint64 range');
  const chainIdLen = strLen(chainId);
  const size =
    (bodyBytes.length ? fieldLen(bodyBytes.length) : 0) +
    (authInfoBytes.length ? fieldLen(authInfoBytes.length) : 0) +
    (chainIdLen ? fieldLen(chainIdLen) : 0) +
    (accountNumber !== 0n ? 1 + bigVarintLen(accountNumber) : 0);
  const w = new ProtoWriter(size);
  if (bodyBytes.length) w.bytes(10, bodyBytes);
  if (authInfoBytes.length) w.bytes(18, authInfoBytes);
  if (chainIdLen) w.string(26, chainId, chainIdLen);
  if (accountNumber !== 0n) {
    w.byte(32);
    w.bigVarint(accountNumber);
  }
  return w.finish();
}
