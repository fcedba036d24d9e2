// A validator as the keeper handles it (bigint tokens, 18-decimal shares and rates, bytes for
// addresses) and its stored form, the SDK's Validator protobuf.
import { PubKey as Ed25519PubKey } from 'cosmjs-types/cosmos/crypto/ed25519/keys';
import { BondStatus, Validator as ValidatorProto } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import { addressFromPubKey } from '../../../consensus/signBytes.js';
import { decFromProto, decToProto, ONE } from '../../dec.js';
import { msToProtoTime, protoTimeToMs } from '../../duration.js';
import { STAKING, stakingError } from './errors.js';
import { ED25519_PUBKEY_URL } from './genesisBuilder.js';
import { POWER_REDUCTION } from './params.js';

export { BondStatus };

export interface Description {
  moniker: string;
  identity: string;
  website: string;
  securityContact: string;
  details: string;
}

export interface Commission {
  rate: bigint;
  maxRate: bigint;
  maxChangeRate: bigint;
  updateTimeMs: bigint;
}

export interface ValidatorRecord {
  operator: Uint8Array;
  consPubKey: Uint8Array;
  jailed: boolean;
  status: BondStatus;
  tokens: bigint;
  /** Delegator shares, scaled by 10^18. */
  shares: bigint;
  description: Description;
  commission: Commission;
  minSelfDelegation: bigint;
  unbondingHeight: bigint;
  unbondingTimeMs: bigint;
}

export const consAddress = (v: ValidatorRecord): Uint8Array => addressFromPubKey(v.consPubKey);
export const consensusPower = (tokens: bigint): bigint => tokens / POWER_REDUCTION;
export const valoperOf = (v: ValidatorRecord): string => toBech32Address(v.operator, VALOPER_PREFIX);

/** Shares a delegation of `amount` tokens buys (1:1 on an empty validator). */
export function sharesForTokens(v: ValidatorRecord, amount: bigint): bigint {
  return v.tokens === 0n || v.shares === 0n ? amount * ONE : (amount * v.shares) / v.tokens;
}

/** Tokens that `shares` are worth, truncated. */
export function tokensForShares(v: ValidatorRecord, shares: bigint): bigint {
  return v.shares === 0n ? 0n : (shares * v.tokens) / v.shares;
}

export function pubKeyToAny(pubKey: Uint8Array): Any {
  return { typeUrl: ED25519_PUBKEY_URL, value: Ed25519PubKey.encode({ key: pubKey }).finish() };
}

/** The consensus key of MsgCreateValidator: only ed25519, 32 bytes. */
export function pubKeyFromAny(any: Any | undefined): Uint8Array {
  if (!any) throw stakingError(STAKING.ValidatorPubKeyTypeNotSupported, 'consensus pubkey is missing');
  if (any.typeUrl !== ED25519_PUBKEY_URL) {
    throw stakingError(STAKING.ValidatorPubKeyTypeNotSupported, `consensus pubkey type ${JSON.stringify(any.typeUrl.slice(0, 80))} is not supported, use ${ED25519_PUBKEY_URL}`);
  }
  let key: Uint8Array;
  try {
    key = Ed25519PubKey.decode(any.value).key;
  } catch (err) {
    throw stakingError(STAKING.ValidatorPubKeyTypeNotSupported, `consensus pubkey does not decode: ${(err as Error).message}`);
  }
  if (key.length !== 32) throw stakingError(STAKING.ValidatorPubKeyTypeNotSupported, `ed25519 consensus pubkey must be 32 bytes, got ${key.length}`);
  return key;
}

export function toProto(v: ValidatorRecord): ValidatorProto {
  return ValidatorProto.fromPartial({
    operatorAddress: valoperOf(v),
    consensusPubkey: pubKeyToAny(v.consPubKey),
    jailed: v.jailed,
    status: v.status,
    tokens: v.tokens.toString(),
    delegatorShares: decToProto(v.shares),
    description: v.description,
    unbondingHeight: v.unbondingHeight,
    unbondingTime: msToProtoTime(v.unbondingTimeMs),
    commission: {
      commissionRates: { rate: decToProto(v.commission.rate), maxRate: decToProto(v.commission.maxRate), maxChangeRate: decToProto(v.commission.maxChangeRate) },
      updateTime: msToProtoTime(v.commission.updateTimeMs),
    },
    minSelfDelegation: v.minSelfDelegation.toString(),
  });
}

export function encodeValidator(v: ValidatorRecord): Uint8Array {
  return ValidatorProto.encode(toProto(v)).finish();
}

export function decodeValidator(raw: Uint8Array): ValidatorRecord {
  const p = ValidatorProto.decode(raw);
  const rates = p.commission.commissionRates;
  return {
    operator: fromBech32Address(p.operatorAddress, VALOPER_PREFIX),
    consPubKey: pubKeyFromAny(p.consensusPubkey),
    jailed: p.jailed,
    status: p.status,
    tokens: BigInt(p.tokens || '0'),
    shares: decFromProto(p.delegatorShares || '0'),
    description: p.description,
    commission: {
      rate: decFromProto(rates.rate || '0'),
      maxRate: decFromProto(rates.maxRate || '0'),
      maxChangeRate: decFromProto(rates.maxChangeRate || '0'),
      updateTimeMs: protoTimeToMs(p.commission.updateTime),
    },
    minSelfDelegation: BigInt(p.minSelfDelegation || '0'),
    unbondingHeight: p.unbondingHeight,
    unbondingTimeMs: protoTimeToMs(p.unbondingTime),
  };
}
