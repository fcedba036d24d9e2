// A real App over a real StateStore (classic-level in a temp dir), with genesis committed the
// way src/node/node.ts does it, plus a signer that can bend any field of a tx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeSecp256k1Pubkey, makeCosmoshubPath } from '@cosmjs/amino';
import { DirectSecp256k1HdWallet, encodePubkey, makeSignDoc, type EncodeObject } from '@cosmjs/proto-signing';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { AuthInfo, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { seedcastRegistry } from '../../../src/client/registry.js';
import { MsgSetProfile } from '../../../src/codec/seedcast/social.js';
import { verifySecp256k1 } from '../../../src/crypto/secp256k1.js';
import { anteTxDecoder } from '../../../src/node/txDecoder.js';
import { App } from '../../../src/state/app.js';
import type { QueryView } from '../../../src/state/context.js';
import { SigVerifier } from '../../../src/state/sigCache.js';
import { Db } from '../../../src/storage/db.js';
import { StateStore } from '../../../src/storage/state/index.js';
import type { ValidatorUpdate } from '../../../src/consensus/validatorSet.js';
import type { AbciEvent, BlockContext, TxResult } from '../../../src/types/abci.js';
import { ROOT, devnetAccounts } from '../../helpers/devnet.js';

export const CHAIN_ID = 'seedcast-devnet';
export const MIN_GAS_PRICE = '0.0025useed';

export function devnetAppState(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'genesis', 'devnet.json'), 'utf8')).app_state;
}

export interface Harness {
  app: App;
  state: StateStore;
  db: Db;
  height: bigint;
  /** Runs a block of txs and commits it (as the executor does); returns the tx results. */
  commitBlock(txs: Uint8Array[], opts?: { height?: bigint; timeMs?: bigint; context?: BlockContext }): Promise<TxResult[]>;
  /** Begin/end-block events and validator updates of the last committed block. */
  lastEnd: { events: AbciEvent[]; validatorUpdates: ValidatorUpdate[] };
  /** The bonded set InitChain returned. */
  genesisValidators: ValidatorUpdate[];
  query(path: string, data: Uint8Array): ReturnType<App['query']>;
  close(): Promise<void>;
}

export async function makeHarness(
  appState: Record<string, unknown> = devnetAppState(),
  maxTxBytes = 1024 * 1024,
  verifier = new SigVerifier((i) => verifySecp256k1(i.pubkey, i.message, i.signature), undefined),
): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-state-'));
  const db = await Db.open(dir);
  const state = await StateStore.load(db);
  const app = new App({ chainId: CHAIN_ID, minGasPrice: MIN_GAS_PRICE, verifier, decodeTx: anteTxDecoder(maxTxBytes) }, state, {
    chainId: CHAIN_ID,
    height: 0n,
    timeMs: 0n,
  });
  let changes;
  let genesisValidators: ValidatorUpdate[];
  try {
    ({ changes, validators: genesisValidators } = app.initChain(appState));
  } catch (err) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const batch = db.batch();
  const staged = state.stage(0n, changes, batch);
  await batch.write();
  state.applyStaged(staged);

  const h: Harness = {
    app,
    state,
    db,
    height: 0n,
    lastEnd: { events: [], validatorUpdates: [] },
    genesisValidators,
    async commitBlock(txs, opts = {}) {
      const height = opts.height ?? h.height + 1n;
      const info = { chainId: CHAIN_ID, height, timeMs: opts.timeMs ?? height * 1000n };
      app.beginBlock(info, opts.context);
      const results = txs.map((tx) => app.deliverTx(tx));
      const { changes, events, validatorUpdates } = app.endBlock();
      h.lastEnd = { events, validatorUpdates };
      const b = db.batch();
      const s = state.stage(height, changes, b);
      await b.write();
      state.applyStaged(s);
      app.resetCheckState(info);
      h.height = height;
      return results;
    },
    query(p, data) {
      const view: QueryView = { height: h.height, get: (k) => state.get(k), iterate: (prefix, o) => state.iterate(prefix, o) };
      return app.query(p, data, view);
    },
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export interface Signer {
  wallet: DirectSecp256k1HdWallet;
  address: string;
  pubkey: Uint8Array;
  accountNumber: number;
}

const mnemonicOf = (name: string): string => {
  const a = devnetAccounts().find((x) => x.name === name);
  if (!a) throw new Error(`no devnet account ${name}`);
  return a.mnemonic;
};

/** A devnet account (genesis account numbers follow the list order) or, with hdIndex > 0, a fresh one. */
export async function signer(name: string, accountNumber: number, hdIndex = 0): Promise<Signer> {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonicOf(name), { prefix: 'seed', hdPaths: [makeCosmoshubPath(hdIndex)] });
  const [acct] = await wallet.getAccounts();
  return { wallet, address: acct.address, pubkey: acct.pubkey, accountNumber };
}

export interface TxOptions {
  sequence: number;
  msgs?: EncodeObject[];
  rawMsgs?: Any[];
  fee?: string;
  gas?: bigint;
  memo?: string;
  timeoutHeight?: bigint;
  chainId?: string;
  accountNumber?: number;
  /** Public key put in the signer info (default: the signer's own). */
  pubkey?: Uint8Array;
}

const registry = seedcastRegistry();

function parts(s: Signer, o: TxOptions, mode: SignMode, fee: boolean): { bodyBytes: Uint8Array; authInfoBytes: Uint8Array } {
  const messages = o.rawMsgs ?? (o.msgs ?? []).map((m) => registry.encodeAsAny(m));
  const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages, memo: o.memo ?? '', timeoutHeight: o.timeoutHeight ?? 0n })).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: encodePubkey(encodeSecp256k1Pubkey(o.pubkey ?? s.pubkey)),
          modeInfo: { single: { mode } },
          sequence: BigInt(o.sequence),
        },
      ],
      fee: fee ? { amount: [{ denom: 'useed', amount: o.fee ?? '5000' }], gasLimit: o.gas ?? 200_000n } : {},
    }),
  ).finish();
  return { bodyBytes, authInfoBytes };
}

/** A SIGN_MODE_DIRECT tx signed by the real cosmjs wallet. */
export async function signTx(s: Signer, o: TxOptions): Promise<Uint8Array> {
  const { bodyBytes, authInfoBytes } = parts(s, o, SignMode.SIGN_MODE_DIRECT, true);
  const doc = makeSignDoc(bodyBytes, authInfoBytes, o.chainId ?? CHAIN_ID, BigInt(o.accountNumber ?? s.accountNumber));
  const { signature } = await s.wallet.signDirect(s.address, doc);
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, 'base64')] }).finish();
}

/** What cosmjs sends to Simulate: empty fee, SIGN_MODE_UNSPECIFIED, one empty signature. */
export function simulateTx(s: Signer, o: TxOptions): Uint8Array {
  const { bodyBytes, authInfoBytes } = parts(s, o, SignMode.SIGN_MODE_UNSPECIFIED, false);
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [new Uint8Array()] }).finish();
}

export function send(from: string, to: string, amount: string, denom = 'useed'): EncodeObject {
  return { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: from, toAddress: to, amount: [{ denom, amount }] } };
}

export function setProfile(signerAddr: string, name: string, bio = '', avatar = ''): EncodeObject {
  return { typeUrl: MsgSetProfile.typeUrl, value: { signer: signerAddr, name, bio, avatar } };
}

/** CheckTx as the mempool runs it (prepare, then the stateful half, applied). */
export async function checkTx(app: App, tx: Uint8Array, apply = true): Promise<TxResult> {
  return app.checkPrepared(await app.prepareTx(tx), 'check', apply).result;
}

export const eventAttrs = (r: TxResult, type: string): Record<string, string>[] =>
  r.events.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));
