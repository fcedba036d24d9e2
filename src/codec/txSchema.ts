// Wire schemas of the Cosmos SDK tx messages (cosmos/tx/v1beta1/tx.proto), for checkWire.
// Multisig mode info is refused here: we only verify single secp256k1 signers, and
// ModeInfo.Multi is the one self-recursive message of the tx schema.
import { bytes, message, reject, string, varint, type WireSchema } from './wire.js';

export const AnySchema: WireSchema = { name: 'Any', fields: { 1: string(), 2: bytes() } };

export const CoinSchema: WireSchema = { name: 'Coin', fields: { 1: string(), 2: string() } };

const TimestampSchema: WireSchema = { name: 'Timestamp', fields: { 1: varint(), 2: varint() } };

export const TxRawSchema: WireSchema = { name: 'TxRaw', fields: { 1: bytes(), 2: bytes(), 3: bytes() } };

export const TxBodySchema: WireSchema = {
  name: 'TxBody',
  fields: {
    1: message(() => AnySchema), // messages
    2: string(), // memo
    3: varint(), // timeout_height
    4: varint(), // unordered
    5: message(() => TimestampSchema), // timeout_timestamp
    1023: message(() => AnySchema), // extension_options
    2047: message(() => AnySchema), // non_critical_extension_options
  },
  allowUnknownNonCritical: true,
};

const ModeInfoSingleSchema: WireSchema = { name: 'ModeInfo.Single', fields: { 1: varint() } };

const ModeInfoSchema: WireSchema = {
  name: 'ModeInfo',
  fields: {
    1: message(() => ModeInfoSingleSchema),
    2: reject('multisig signers are not supported'),
  },
};

const SignerInfoSchema: WireSchema = {
  name: 'SignerInfo',
  fields: { 1: message(() => AnySchema), 2: message(() => ModeInfoSchema), 3: varint() },
};

const FeeSchema: WireSchema = {
  name: 'Fee',
  fields: { 1: message(() => CoinSchema), 2: varint(), 3: string(), 4: string() },
};

const TipSchema: WireSchema = { name: 'Tip', fields: { 1: message(() => CoinSchema), 2: string() } };

export const AuthInfoSchema: WireSchema = {
  name: 'AuthInfo',
  fields: { 1: message(() => SignerInfoSchema), 2: message(() => FeeSchema), 3: message(() => TipSchema) },
};

/** cosmos.crypto.secp256k1.PubKey */
export const Secp256k1PubKeySchema: WireSchema = { name: 'secp256k1.PubKey', fields: { 1: bytes() } };
