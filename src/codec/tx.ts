// Cosmos SDK tx decoding: TxRaw -> TxBody + AuthInfo, with every bound checked and every
// failure a TxDecodeError carrying the SDK's code. Total: any byte string either decodes or
// throws TxDecodeError; nothing else escapes.
//
// Depth: checkWire runs before each generated decoder and admits only fields of the tx schema
// (multisig refused), so decoders never recurse deeper than that schema (~5 levels). Message
// payloads stay as Any bytes; their own codecs decode them later.
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { AuthInfo, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { txHash } from '../crypto/hash.js';
import { SdkCode, TxDecodeError, quote } from './errors.js';
import { DEFAULT_TX_LIMITS, DENOM_REGEX, MAX_COIN_AMOUNT, MAX_GAS_WANTED, type TxLimits } from './txLimits.js';
import { AuthInfoSchema, Secp256k1PubKeySchema, TxBodySchema, TxRawSchema } from './txSchema.js';
import { WireError, checkWire, isBytes, type WireSchema } from './wire.js';

export const SECP256K1_PUBKEY_TYPE_URL = '/cosmos.crypto.secp256k1.PubKey';

export interface FeeCoin {
  denom: string;
  amount: bigint;
}

export interface DecodedFee {
  amount: FeeCoin[];
  gasLimit: bigint;
  payer: string;
  granter: string;
}

export interface DecodedSignerInfo {
  /** 33-byte compressed key; absent when the account's key is already on chain. */
  pubkey: Uint8Array | undefined;
  /** SIGN_MODE_DIRECT, or SIGN_MODE_UNSPECIFIED in a tx decoded for simulation. */
  mode: SignMode;
  sequence: bigint;
}

export interface DecodedTx {
  /** The TxRaw bytes as received; hash = sha256(bytes). */
  bytes: Uint8Array;
  hash: Uint8Array;
  /** Raw bytes the signatures cover: never re-encode the decoded forms. */
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  signatures: Uint8Array[];
  body: TxBody;
  authInfo: AuthInfo;
  messages: Any[];
  memo: string;
  timeoutHeight: bigint;
  signerInfos: DecodedSignerInfo[];
  fee: DecodedFee;
}

export interface DecodeTxOptions {
  /**
   * Decoding for /cosmos.tx.v1beta1.Service/Simulate: SIGN_MODE_UNSPECIFIED is accepted and
   * signatures may be missing or empty (cosmjs sends one empty signature per signer).
   */
  simulate?: boolean;
}

const fail = (code: TxDecodeError['code'], message: string): never => {
  throw new TxDecodeError(code, message);
};

export function decodeTx(bytes: Uint8Array, limits: TxLimits = DEFAULT_TX_LIMITS, opts: DecodeTxOptions = {}): DecodedTx {
  if (!isBytes(bytes)) fail(SdkCode.TxDecode, 'tx must be bytes');
  if (bytes.length === 0) fail(SdkCode.TxDecode, 'tx is empty: tx parse error');
  if (bytes.length > limits.maxTxBytes) fail(SdkCode.TxTooLarge, `tx is ${bytes.length} bytes, at most ${limits.maxTxBytes}: tx too large`);

  const raw = decodeChecked(bytes, TxRawSchema, (b) => TxRaw.decode(b));
  const body = decodeChecked(raw.bodyBytes, TxBodySchema, (b) => TxBody.decode(b));
  const authInfo = decodeChecked(raw.authInfoBytes, AuthInfoSchema, (b) => AuthInfo.decode(b));

  checkBody(body, limits);
  const signerInfos = authInfo.signerInfos.map((info, i) => decodeSignerInfo(info, i, opts.simulate === true));
  checkSignatures(raw.signatures, signerInfos.length, limits, opts.simulate === true);
  if (authInfo.tip !== undefined) fail(SdkCode.InvalidRequest, 'tips are not supported: invalid request');

  return {
    bytes,
    hash: txHash(bytes),
    bodyBytes: raw.bodyBytes,
    authInfoBytes: raw.authInfoBytes,
    signatures: raw.signatures,
    body,
    authInfo,
    messages: body.messages,
    memo: body.memo,
    timeoutHeight: body.timeoutHeight,
    signerInfos,
    fee: decodeFee(authInfo, limits),
  };
}

function decodeChecked<T>(buf: Uint8Array, schema: WireSchema, decode: (b: Uint8Array) => T): T {
  try {
    checkWire(buf, schema);
    return decode(buf);
  } catch (err) {
    const why = err instanceof WireError ? err.message : `malformed ${schema.name}`;
    return fail(SdkCode.TxDecode, `${why}: tx parse error`);
  }
}

function checkBody(body: TxBody, limits: TxLimits): void {
  if (body.messages.length === 0) fail(SdkCode.InvalidRequest, 'must contain at least one message: invalid request');
  if (body.messages.length > limits.maxMessages) {
    fail(SdkCode.InvalidRequest, `tx has ${body.messages.length} messages, at most ${limits.maxMessages}: invalid request`);
  }
  for (const m of body.messages) if (m.typeUrl === '') fail(SdkCode.TxDecode, 'message with an empty type URL: tx parse error');
  const memoBytes = Buffer.byteLength(body.memo, 'utf8');
  if (memoBytes > limits.maxMemoBytes) {
    fail(SdkCode.MemoTooLarge, `maximum number of characters is ${limits.maxMemoBytes} but received ${memoBytes} characters: memo too large`);
  }
  if (body.unordered) fail(SdkCode.InvalidRequest, 'unordered txs are not supported: invalid request');
  if (body.timeoutTimestamp !== undefined) fail(SdkCode.InvalidRequest, 'timeout_timestamp is not supported; use timeout_height: invalid request');
  if (body.extensionOptions.length > 0) fail(SdkCode.InvalidRequest, 'unknown extension options are not allowed: invalid request');
}

function decodeSignerInfo(info: AuthInfo['signerInfos'][number], index: number, simulate: boolean): DecodedSignerInfo {
  const mode = info.modeInfo?.single?.mode;
  if (mode === undefined) fail(SdkCode.Unauthorized, `signer ${index} has no single-signer mode info: unauthorized`);
  const allowed = mode === SignMode.SIGN_MODE_DIRECT || (simulate && mode === SignMode.SIGN_MODE_UNSPECIFIED);
  if (!allowed) {
    fail(SdkCode.Unauthorized, `signer ${index} uses sign mode ${String(mode)}; only SIGN_MODE_DIRECT is supported: unauthorized`);
  }
  return { pubkey: decodePubkey(info.publicKey, index), mode: mode as SignMode, sequence: info.sequence };
}

function decodePubkey(any: Any | undefined, index: number): Uint8Array | undefined {
  if (any === undefined) return undefined;
  if (any.typeUrl !== SECP256K1_PUBKEY_TYPE_URL) {
    fail(SdkCode.InvalidPubKey, `signer ${index} has public key type ${quote(any.typeUrl)}; only ${SECP256K1_PUBKEY_TYPE_URL} is supported: invalid pubkey`);
  }
  let key: Uint8Array;
  try {
    checkWire(any.value, Secp256k1PubKeySchema);
    key = PubKey.decode(any.value).key;
  } catch (err) {
    return fail(SdkCode.InvalidPubKey, `signer ${index} public key does not decode (${(err as Error).message}): invalid pubkey`);
  }
  if (key.length !== 33 || (key[0] !== 0x02 && key[0] !== 0x03)) {
    fail(SdkCode.InvalidPubKey, `signer ${index} public key must be a 33-byte compressed secp256k1 key, got ${key.length} bytes: invalid pubkey`);
  }
  return key;
}

function checkSignatures(signatures: Uint8Array[], signerCount: number, limits: TxLimits, simulate: boolean): void {
  if (signerCount > limits.maxSigners) {
    fail(SdkCode.TooManySignatures, `signatures: ${signerCount}, limit: ${limits.maxSigners}: maximum number of signatures exceeded`);
  }
  if (signerCount === 0) fail(SdkCode.NoSignatures, 'no signer infos supplied: no signatures supplied');
  if (simulate && signatures.length === 0) return;
  if (signatures.length === 0) fail(SdkCode.NoSignatures, 'no signatures supplied');
  if (signatures.length !== signerCount) {
    fail(SdkCode.Unauthorized, `wrong number of signatures; expected ${signerCount}, got ${signatures.length}: unauthorized`);
  }
  if (!simulate) {
    signatures.forEach((s, i) => {
      if (s.length === 0) fail(SdkCode.NoSignatures, `signature ${i} is empty: no signatures supplied`);
    });
  }
}

function decodeFee(authInfo: AuthInfo, limits: TxLimits): DecodedFee {
  const fee = authInfo.fee;
  const coins = fee?.amount ?? [];
  if (coins.length > limits.maxFeeCoins) fail(SdkCode.InvalidCoins, `fee has ${coins.length} coins, at most ${limits.maxFeeCoins}: invalid coins`);
  const seen = new Set<string>();
  const amount = coins.map(({ denom, amount }) => {
    if (!DENOM_REGEX.test(denom)) fail(SdkCode.InvalidCoins, `invalid fee denom ${quote(denom)}: invalid coins`);
    if (seen.has(denom)) fail(SdkCode.InvalidCoins, `duplicate fee denom ${quote(denom)}: invalid coins`);
    seen.add(denom);
    if (!/^[0-9]{1,78}$/.test(amount)) fail(SdkCode.InvalidCoins, `invalid fee amount ${quote(amount)} for ${denom}: invalid coins`);
    const value = BigInt(amount);
    if (value > MAX_COIN_AMOUNT) fail(SdkCode.InvalidCoins, `fee amount for ${denom} exceeds 256 bits: invalid coins`);
    return { denom, amount: value };
  });
  const gasLimit = fee?.gasLimit ?? 0n;
  if (gasLimit > MAX_GAS_WANTED) fail(SdkCode.InvalidRequest, `invalid gas supplied; ${gasLimit} > ${MAX_GAS_WANTED}: invalid request`);
  return { amount, gasLimit, payer: fee?.payer ?? '', granter: fee?.granter ?? '' };
}
