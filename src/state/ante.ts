// The ante pipeline: every check a tx passes before its messages run. Order and error codes
// follow the Cosmos SDK's ante decorators, so wallets read our failures as they read theirs.
import type { AuthInfo, TxBody } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { addressFromPubkey, fromBech32Address } from '../codec/address.js';
import { signDocBytes } from '../codec/signDoc.js';
import { bytesEqual } from '../util/bytes.js';
import type { Ctx } from './context.js';
import { SDK, sdkError } from './errors.js';
import type { MsgHandler } from './module.js';
import { accountKeeper } from './modules/auth/keeper.js';
import { getAuthParams } from './modules/auth/params.js';
import { parseCoins, formatCoins, type Coin } from './modules/bank/coins.js';
import { FEE_COLLECTOR, type BankKeeper } from './modules/bank/keeper.js';
import type { MinGasPrice } from './minGasPrice.js';
import type { SigItem, SigVerifier } from './sigCache.js';

/** A decoded tx as the ante pipeline reads it (bytes kept raw: signatures cover them). */
export interface AnteTx {
  bytes: Uint8Array;
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  signatures: Uint8Array[];
  body: TxBody;
  authInfo: AuthInfo;
}

const SECP256K1_SIG_BYTES = 64;

export interface DecodedMsg {
  handler: MsgHandler<unknown>;
  msg: unknown;
}

export interface AnteDeps {
  bank: BankKeeper;
  verifier: SigVerifier;
  minGasPrice: MinGasPrice;
}

export interface AnteOutcome {
  signers: Uint8Array[];
  /** Sequence each signer used (for mempool ordering). */
  sequences: bigint[];
  gasWanted: bigint;
  fee: Coin[];
}

/** Decodes and statelessly validates the messages; returns them with their unique signers. */
export function decodeMsgs(tx: AnteTx, router: Map<string, MsgHandler<unknown>>): { msgs: DecodedMsg[]; signers: string[] } {
  if (tx.body.messages.length === 0) throw sdkError(SDK.InvalidRequest, 'must contain at least one message: invalid request');
  const msgs: DecodedMsg[] = [];
  const signers: string[] = [];
  for (const any of tx.body.messages) {
    const handler = router.get(any.typeUrl);
    if (!handler) throw sdkError(SDK.UnknownRequest, `unrecognized message type: ${any.typeUrl.slice(0, 128)}: unknown request`);
    let msg: unknown;
    try {
      msg = handler.decode(any.value);
    } catch (err) {
      throw sdkError(SDK.TxDecode, `cannot decode ${any.typeUrl}: ${(err as Error).message}: tx parse error`);
    }
    handler.validate(msg);
    for (const s of handler.signers(msg)) if (!signers.includes(s)) signers.push(s);
    msgs.push({ handler, msg });
  }
  return { msgs, signers };
}

/** The signatures a tx carries, with the bytes they sign, as the current state defines them. */
export function signatureItems(ctx: Pick<Ctx, 'kv' | 'block'>, tx: AnteTx, signers: string[]): SigItem[] {
  const items: SigItem[] = [];
  signers.forEach((s, i) => {
    const info = tx.authInfo.signerInfos[i];
    const sig = tx.signatures[i];
    if (!info || !sig || sig.length === 0) return;
    const account = accountKeeper.getAccount(ctx.kv, fromBech32Address(s));
    const pubkey = account?.pubKey ?? signerPubkey(info.publicKey?.value);
    if (!account || !pubkey) return;
    items.push({ pubkey, message: txSignBytes(tx, ctx.block.chainId, account.accountNumber), signature: sig });
  });
  return items;
}

// A tx is checked, rechecked and executed against the same (chain id, account number):
// build its sign bytes once per pair.
const signBytesMemo = new WeakMap<AnteTx, Map<string, Uint8Array>>();

function txSignBytes(tx: AnteTx, chainId: string, accountNumber: bigint): Uint8Array {
  let byKey = signBytesMemo.get(tx);
  if (!byKey) signBytesMemo.set(tx, (byKey = new Map()));
  const key = `${chainId}/${accountNumber}`;
  let bytes = byKey.get(key);
  if (!bytes) byKey.set(key, (bytes = signDocBytes(tx.bodyBytes, tx.authInfoBytes, chainId, accountNumber)));
  return bytes;
}

function signerPubkey(anyValue: Uint8Array | undefined): Uint8Array | undefined {
  // PubKey{bytes key = 1}: the codec has already checked it is a 33-byte compressed key.
  if (!anyValue || anyValue.length !== 35 || anyValue[0] !== 0x0a || anyValue[1] !== 33) return undefined;
  return anyValue.subarray(2);
}

export function runAnte(ctx: Ctx, tx: AnteTx, signers: string[], deps: AnteDeps): AnteOutcome {
  const simulate = ctx.mode === 'simulate';
  // CheckTx answers carry no events (the mempool keeps none): build them only where they are kept.
  const emit = ctx.mode === 'deliver' || simulate;
  const { body, authInfo } = tx;

  // ValidateBasic: gas, signature counts, memo, timeout. The gas check comes before any
  // metered read: with a zero limit the params read would run out of gas first (code 11).
  const fee = authInfo.fee;
  const gasWanted = fee?.gasLimit ?? 0n;
  if (!simulate && gasWanted === 0n) throw sdkError(SDK.InvalidGasLimit, 'gas limit must be positive: invalid gas limit');
  const params = getAuthParams(ctx.kv);
  if (BigInt(signers.length) > params.txSigLimit) {
    throw sdkError(SDK.TooManySignatures, `signatures: ${signers.length}, limit: ${params.txSigLimit}: too many signatures`);
  }
  if (authInfo.signerInfos.length !== signers.length) {
    throw sdkError(SDK.Unauthorized, `invalid number of signer infos; expected: ${signers.length}, got ${authInfo.signerInfos.length}: unauthorized`);
  }
  if (!simulate && tx.signatures.length !== signers.length) {
    throw sdkError(SDK.Unauthorized, `invalid number of signatures; expected: ${signers.length}, got ${tx.signatures.length}: unauthorized`);
  }
  if (BigInt([...body.memo].length) > params.maxMemoCharacters) {
    throw sdkError(SDK.MemoTooLarge, `maximum number of characters is ${params.maxMemoCharacters} but received ${[...body.memo].length} characters: memo too large`);
  }
  if (body.timeoutHeight > 0n && ctx.block.height > body.timeoutHeight) {
    throw sdkError(SDK.TxTimeoutHeight, `block height: ${ctx.block.height}, timeout height: ${body.timeoutHeight}: tx timeout height`);
  }

  // Simulate sees empty signatures: charge for the 64 bytes each real one will add (as the SDK does).
  const missingSigBytes = simulate ? signers.length * SECP256K1_SIG_BYTES - tx.signatures.reduce((n, s) => n + s.length, 0) : 0;
  ctx.gas.consume(params.txSizeCostPerByte * BigInt(tx.bytes.length + Math.max(0, missingSigBytes)), 'txSize');

  // Fees: checked against the node's minimum gas price in CheckTx only, as in the SDK.
  const feeCoins = parseCoins(fee?.amount ?? []);
  if (ctx.mode === 'check' || ctx.mode === 'recheck') deps.minGasPrice.check(feeCoins, gasWanted);
  // Signer accounts are read once: paying the fee changes balances, not account records.
  const addresses = signers.map((s) => fromBech32Address(s));
  const accounts = addresses.map((a) => accountKeeper.getAccount(ctx.kv, a));
  const payerText = fee?.payer || signers[0];
  const payerIndex = signers.indexOf(payerText);
  const payer = payerIndex >= 0 ? addresses[payerIndex] : fromBech32Address(payerText);
  if (!(payerIndex >= 0 ? accounts[payerIndex] : accountKeeper.getAccount(ctx.kv, payer))) {
    throw sdkError(SDK.UnknownAddress, `fee payer address: ${payerText} does not exist: unknown address`);
  }
  // Wallets simulate with an empty fee; moving a zero fee charges the gas the real one will cost.
  const moved = feeCoins.length > 0 || !simulate ? feeCoins : [{ denom: deps.minGasPrice.denom, amount: 0n }];
  if (moved.length > 0) {
    try {
      deps.bank.subtract(ctx.kv, payer, moved);
    } catch (err) {
      throw sdkError(SDK.InsufficientFunds, `${(err as Error).message}: insufficient funds to pay fees`);
    }
    deps.bank.add(ctx.kv, FEE_COLLECTOR, moved);
  }
  if (emit) ctx.events.emit('tx', { fee: formatCoins(feeCoins), fee_payer: payerText });

  // Public keys, sequences and signatures, signer by signer.
  const sequences: bigint[] = [];
  const signerBytes: Uint8Array[] = [];
  signers.forEach((signer, i) => {
    const address = addresses[i];
    const account = accounts[i];
    if (!account) throw sdkError(SDK.UnknownAddress, `account ${signer} not found: unknown address`);
    const info = authInfo.signerInfos[i];
    if (!account.pubKey) {
      const pk = signerPubkey(info.publicKey?.value);
      if (!pk) throw sdkError(SDK.InvalidPubKey, `pubKey not found for signer ${signer}: invalid pubkey`);
      if (!bytesEqual(addressFromPubkey(pk), address)) {
        throw sdkError(SDK.InvalidPubKey, `pubKey does not match signer address ${signer} with signer index: ${i}: invalid pubkey`);
      }
      account.pubKey = pk;
    }
    if (info.sequence !== account.sequence) {
      throw sdkError(SDK.WrongSequence, `account sequence mismatch, expected ${account.sequence}, got ${info.sequence}: incorrect account sequence`);
    }
    ctx.gas.consume(params.sigVerifyCostSecp256k1, 'ante verify: secp256k1');
    if (!simulate) {
      const mode = info.modeInfo?.single?.mode;
      if (mode !== SignMode.SIGN_MODE_DIRECT) {
        throw sdkError(SDK.Unauthorized, `signing mode ${mode ?? 'multi'} is not supported; use SIGN_MODE_DIRECT: unauthorized`);
      }
      const message = txSignBytes(tx, ctx.block.chainId, account.accountNumber);
      if (!deps.verifier.verify({ pubkey: account.pubKey, message, signature: tx.signatures[i] })) {
        throw sdkError(
          SDK.Unauthorized,
          `signature verification failed; please verify account number (${account.accountNumber}), sequence (${account.sequence}) and chain-id (${ctx.block.chainId}): unauthorized`,
        );
      }
    }
    sequences.push(account.sequence);
    signerBytes.push(address);
    accountKeeper.setAccount(ctx.kv, { ...account, sequence: account.sequence + 1n });
    if (emit) ctx.events.emit('tx', { acc_seq: `${signer}/${account.sequence}` });
    if (emit && !simulate) ctx.events.emit('tx', { signature: Buffer.from(tx.signatures[i]).toString('base64') });
  });

  return { signers: signerBytes, sequences, gasWanted, fee: feeCoins };
}
