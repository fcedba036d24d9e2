// Builds signed Cosmos txs by hand with cosmjs's own signing pieces, so tests can bend any
// field (sequence, chain id, account number, signature) the way a broken or hostile client would.
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { makeAuthInfoBytes, makeSignDoc, encodePubkey, type DirectSecp256k1HdWallet, type EncodeObject } from '@cosmjs/proto-signing';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { seedcastRegistry } from '../../src/client/registry.js';

export interface SignOptions {
  wallet: DirectSecp256k1HdWallet;
  chainId: string;
  accountNumber: number;
  sequence: number;
  msgs: EncodeObject[];
  fee?: string; // useed
  gas?: number;
  memo?: string;
  /** Messages already packed as Any, sent as they are (for type URLs no registry knows). */
  rawMsgs?: Any[];
}

const registry = seedcastRegistry();

export async function signTx(o: SignOptions): Promise<Uint8Array> {
  const [account] = await o.wallet.getAccounts();
  const bodyBytes = o.rawMsgs
    ? TxBody.encode(TxBody.fromPartial({ messages: o.rawMsgs, memo: o.memo ?? '' })).finish()
    : registry.encodeTxBody({ messages: o.msgs, memo: o.memo ?? '' });
  const authInfoBytes = makeAuthInfoBytes(
    [{ pubkey: encodePubkey(encodeSecp256k1Pubkey(account.pubkey)), sequence: o.sequence }],
    [{ denom: 'useed', amount: o.fee ?? '5000' }],
    o.gas ?? 200_000,
    undefined,
    undefined,
  );
  const { signature } = await o.wallet.signDirect(account.address, makeSignDoc(bodyBytes, authInfoBytes, o.chainId, BigInt(o.accountNumber)));
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, 'base64')] }).finish();
}

export function sendMsg(from: string, to: string, amount: string): EncodeObject {
  return { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: from, toAddress: to, amount: [{ denom: 'useed', amount }] } };
}

/** Replaces the signature of a TxRaw. */
export function withSignature(tx: Uint8Array, sig: Uint8Array): Uint8Array {
  const raw = TxRaw.decode(tx);
  return TxRaw.encode({ ...raw, signatures: [sig] }).finish();
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same signature with s replaced by n - s: valid to plain ECDSA, refused by Cosmos (high S). */
export function highS(sig: Uint8Array): Uint8Array {
  const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
  const out = new Uint8Array(64);
  out.set(sig.subarray(0, 32));
  out.set(Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return out;
}
