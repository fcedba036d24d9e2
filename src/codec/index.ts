// Public face of src/codec.
export { AddressError, ProtoError, SdkCode, TxDecodeError, type AddressErrorCode, type ProtoErrorCode } from './errors.js';
export { ACCOUNT_PREFIX, VALOPER_PREFIX, addressFromPubkey, fromBech32Address, isBech32Address, toBech32Address } from './address.js';
export {
  SECP256K1_PUBKEY_TYPE_URL,
  decodeTx,
  type DecodeTxOptions,
  type DecodedFee,
  type DecodedSignerInfo,
  type DecodedTx,
  type FeeCoin,
} from './tx.js';
export { DEFAULT_TX_LIMITS, DENOM_REGEX, MAX_GAS_WANTED, type TxLimits } from './txLimits.js';
export { signDocBytes } from './signDoc.js';
export { PROTO_DIR, allMessageTypes, protoCodec, protoRoot, protoType, type ProtoCodec } from './proto.js';
export { checkWire, WireError, type WireSchema } from './wire.js';
export * as social from './seedcast/social.js';
