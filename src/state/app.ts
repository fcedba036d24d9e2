// The application: routes txs through the ante pipeline and the module handlers, keeps the
// three views of state the Cosmos SDK keeps (committed, check, block) and answers queries.
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { txHash } from '../crypto/hash.js';
import { makeRoom } from '../util/boundedSet.js';
import type { ValidatorUpdate } from '../consensus/validatorSet.js';
import type { AbciEvent, BlockContext, TxResult } from '../types/abci.js';
import { decodeMsgs, runAnte, signatureItems, type AnteOutcome, type AnteTx } from './ante.js';
import type { BlockInfo, Ctx, ExecMode, QueryView } from './context.js';
import { SDK, sdkError, toSdkError } from './errors.js';
import { EventManager } from './events.js';
import { GasMeter } from './gas.js';
import { MinGasPrice } from './minGasPrice.js';
import type { AppModule, MsgHandler, QueryHandler } from './module.js';
import { authModule } from './modules/auth/module.js';
import { bankKeeper, bankModule } from './modules/bank/module.js';
import { contentModule } from './modules/content/module.js';
import { custodyModule } from './modules/custody/module.js';
import { licenseModule } from './modules/license/module.js';
import { slashingModule } from './modules/slashing/module.js';
import { socialModule } from './modules/social/module.js';
import { stakingModule } from './modules/staking/module.js';
import type { SigItem, SigVerifier } from './sigCache.js';
import { CacheKV, GasKV, type Change, type ReadonlyKV } from './store/kv.js';
import { simulateQuery } from './simulate.js';
import { latin1Of } from '../util/bytesText.js';

export interface CommittedState extends ReadonlyKV {
  iterate(prefix: Uint8Array, opts?: { start?: Uint8Array; limit?: number }): AsyncIterable<[Uint8Array, Uint8Array]>;
}

export interface AppOptions {
  chainId: string;
  minGasPrice: string;
  verifier: SigVerifier;
  /** Bounded, total tx decoder; throws an error with a Cosmos code on bad bytes. */
  decodeTx: (bytes: Uint8Array, simulate?: boolean) => AnteTx;
}

export interface CheckTxOutcome {
  result: TxResult;
  /** Present when the tx was admitted. */
  ante?: AnteOutcome & { priority: bigint };
}

export interface PreparedTx {
  bytes: Uint8Array;
  tx?: AnteTx;
  signers?: string[];
  /** Set when decoding or stateless validation already failed. */
  error?: TxResult;
}

export interface QueryOutcome {
  code: number;
  codespace: string;
  log: string;
  value: Uint8Array;
}

/** Module order is genesis order, and the order of begin/end block hooks (slashing begins, staking ends). */
export const MODULES: AppModule[] = [authModule, bankModule, stakingModule, slashingModule, socialModule, contentModule, licenseModule, custodyModule];

const NO_CONTEXT: BlockContext = { lastCommit: [], misbehavior: [], proposer: new Uint8Array() };

export class App {
  readonly router = new Map<string, MsgHandler<unknown>>();
  private readonly queries = new Map<string, QueryHandler>();
  private readonly minGasPrice: MinGasPrice;
  private readonly decoded = new Map<string, DecodedTx>();
  /** Txs whose signatures this node has verified (CheckTx or a proposal): nothing to warm. */
  private readonly sigsWarmed = new WeakSet<AnteTx>();
  private checkState: CacheKV;
  private checkBlock: BlockInfo;
  private blockState: CacheKV | undefined;
  private blockInfo: BlockInfo | undefined;
  private beginEvents: AbciEvent[] = [];

  constructor(
    private readonly opts: AppOptions,
    private readonly committed: CommittedState,
    lastBlock: BlockInfo,
  ) {
    for (const m of MODULES) {
      for (const h of m.msgs) this.router.set(h.typeUrl, h);
      for (const [path, q] of Object.entries(m.queries)) this.queries.set(path, q);
    }
    this.queries.set('/cosmos.tx.v1beta1.Service/Simulate', simulateQuery(this));
    this.minGasPrice = MinGasPrice.parse(opts.minGasPrice);
    this.checkState = new CacheKV(committed);
    this.checkBlock = lastBlock;
  }

  get chainId(): string {
    return this.opts.chainId;
  }

  /** Writes every module's genesis section; returns the state changes and the bonded validator set. */
  initChain(appState: Record<string, unknown>): { changes: Change[]; validators: ValidatorUpdate[] } {
    const kv = new CacheKV(this.committed);
    const validators: ValidatorUpdate[] = [];
    for (const m of MODULES) {
      try {
        const set = m.initGenesis(kv, appState[m.name]);
        if (set) validators.push(...set);
      } catch (err) {
        throw new Error(`genesis: invalid ${m.name} section: ${(err as Error).message}`);
      }
    }
    return { changes: kv.changes(), validators };
  }

  // ---- CheckTx ----

  /**
   * First half of CheckTx: decode, stateless checks, and signature verification off-thread
   * (when a pool is set up). Many of these run at once; `checkPrepared` then runs the stateful
   * half synchronously, in the order the mempool chooses.
   */
  async prepareTx(bytes: Uint8Array): Promise<PreparedTx> {
    let tx: AnteTx;
    let signers: string[];
    try {
      ({ tx, signers } = this.decode(bytes));
    } catch (err) {
      return { bytes, error: failure(err, 0n, 0n, []) };
    }
    await this.opts.verifier.warm(signatureItems({ kv: this.checkState, block: this.checkBlock }, tx, signers));
    this.sigsWarmed.add(tx);
    return { bytes, tx, signers };
  }

  /**
   * Verifies, on the verify pool and all at once, the signatures of a proposal's txs that this
   * node has not checked: under load a block outruns gossip and CheckTx, and executing it would
   * otherwise verify them one by one on this thread. Verdicts land in the signature cache only;
   * a tx that does not decode is left to deliverTx to report.
   */
  async warmSignatures(txs: Uint8Array[]): Promise<void> {
    const view = { kv: this.checkState, block: this.checkBlock };
    const items: SigItem[] = [];
    for (const bytes of txs) {
      let d: DecodedTx;
      try {
        d = this.decode(bytes);
      } catch {
        continue;
      }
      if (this.sigsWarmed.has(d.tx)) continue;
      this.sigsWarmed.add(d.tx);
      for (const item of signatureItems(view, d.tx, d.signers)) items.push(item);
    }
    if (items.length > 0) await this.opts.verifier.warm(items);
  }

  /**
   * Second half of CheckTx, against the check state (committed state plus the txs admitted
   * since). `apply: false` leaves the check state untouched (the check_tx RPC method).
   */
  checkPrepared(p: PreparedTx, mode: 'check' | 'recheck', apply = true): CheckTxOutcome {
    if (p.error || !p.tx || !p.signers) return { result: p.error ?? failure(new Error('not prepared'), 0n, 0n, []) };
    const cache = new CacheKV(this.checkState);
    const gasWanted = p.tx.authInfo.fee?.gasLimit ?? 0n;
    const ctx = this.ctx(cache, new GasMeter(gasWanted), this.checkBlock, mode);
    try {
      const ante = runAnte(ctx, p.tx, p.signers, this.anteDeps());
      if (apply) cache.write();
      const priority = MinGasPrice.priority(ante.fee, this.minGasPrice.denom, ante.gasWanted);
      return { result: success(gasWanted, ctx.gas.consumed, [], new Uint8Array()), ante: { ...ante, priority } };
    } catch (err) {
      return { result: failure(err, gasWanted, ctx.gas.consumed, []) };
    }
  }

  /** Synchronous recheck of a tx already in the mempool (its signatures are cached). */
  recheckTx(bytes: Uint8Array): CheckTxOutcome {
    let p: PreparedTx;
    try {
      p = { bytes, ...this.decode(bytes) };
    } catch (err) {
      return { result: failure(err, 0n, 0n, []) };
    }
    return this.checkPrepared(p, 'recheck');
  }

  /** After a commit: a fresh check state over the new committed state (the mempool rechecks next). */
  resetCheckState(lastBlock: BlockInfo): void {
    this.checkState = new CacheKV(this.committed);
    this.checkBlock = lastBlock;
  }

  // ---- Simulate ----

  simulate(bytes: Uint8Array): { result: TxResult; msgResponses: { typeUrl: string; value: Uint8Array }[] } {
    const tx = this.opts.decodeTx(bytes, true);
    const { msgs, signers } = decodeMsgs(tx, this.router);
    const cache = new CacheKV(this.checkState);
    const ctx = this.ctx(cache, new GasMeter(undefined), { ...this.checkBlock, height: this.checkBlock.height + 1n }, 'simulate');
    runAnte(ctx, tx, signers, this.anteDeps());
    const msgResponses = msgs.map(({ handler, msg }) => handler.execute(ctx, msg));
    return { result: success(0n, ctx.gas.consumed, ctx.events.events, new Uint8Array()), msgResponses };
  }

  // ---- Block execution ----

  /** Opens a block and runs the modules' begin-block hooks (slashing: evidence, liveness). */
  beginBlock(info: BlockInfo, context: BlockContext = NO_CONTEXT): void {
    this.blockState = new CacheKV(this.committed);
    this.blockInfo = info;
    const ctx = this.ctx(this.blockState, new GasMeter(undefined), info, 'deliver', false);
    for (const m of MODULES) m.beginBlock?.(ctx, context);
    this.beginEvents = ctx.events.events;
  }

  /** Runs one tx of a decided block. Fees and sequences stick even when the messages fail. */
  deliverTx(bytes: Uint8Array): TxResult {
    const state = this.blockState;
    const info = this.blockInfo;
    if (!state || !info) throw new Error('deliverTx outside a block');
    let tx: AnteTx;
    let msgs: ReturnType<typeof decodeMsgs>;
    try {
      const key = decodedKey(bytes);
      ({ tx, ...msgs } = this.decode(bytes, key));
      this.decoded.delete(key); // a delivered tx is not met again
    } catch (err) {
      return failure(err, 0n, 0n, []);
    }
    const gasWanted = tx.authInfo.fee?.gasLimit ?? 0n;
    const gas = new GasMeter(gasWanted);
    const anteCache = new CacheKV(state);
    const anteCtx = this.ctx(anteCache, gas, info, 'deliver');
    try {
      runAnte(anteCtx, tx, msgs.signers, this.anteDeps());
    } catch (err) {
      return failure(err, gasWanted, gas.consumed, []);
    }
    anteCache.write();

    const msgCache = new CacheKV(state);
    const ctx = this.ctx(msgCache, gas, info, 'deliver');
    try {
      const responses = msgs.msgs.map(({ handler, msg }, i) => {
        ctx.events.emit('message', { action: handler.typeUrl, sender: msgs.signers[0] ?? '', msg_index: String(i) });
        return handler.execute(ctx, msg);
      });
      msgCache.write();
      const data = TxMsgData.encode({ data: [], msgResponses: responses }).finish();
      return success(gasWanted, gas.consumed, [...anteCtx.events.events, ...ctx.events.events], data);
    } catch (err) {
      return failure(err, gasWanted, gas.consumed, anteCtx.events.events);
    }
  }

  /**
   * Ends the block: runs the end-block hooks (staking: matured unbondings, the new validator
   * set), hands back the state changes in key order, the begin/end-block events and the
   * validator set changes, for the node to commit.
   */
  endBlock(): { changes: Change[]; events: AbciEvent[]; validatorUpdates: ValidatorUpdate[] } {
    const state = this.blockState;
    const info = this.blockInfo;
    if (!state || !info) throw new Error('endBlock outside a block');
    const ctx = this.ctx(state, new GasMeter(undefined), info, 'deliver', false);
    const validatorUpdates: ValidatorUpdate[] = [];
    for (const m of MODULES) {
      const updates = m.endBlock?.(ctx);
      if (updates) validatorUpdates.push(...updates);
    }
    const events = [...this.beginEvents, ...ctx.events.events];
    this.blockState = undefined;
    this.blockInfo = undefined;
    this.beginEvents = [];
    return { changes: state.changes(), events, validatorUpdates };
  }

  // ---- Queries ----

  async query(path: string, data: Uint8Array, view: QueryView): Promise<QueryOutcome> {
    const handler = this.queries.get(path);
    if (!handler) {
      return { code: SDK.UnknownRequest, codespace: 'sdk', log: `no query handler for path ${JSON.stringify(path.slice(0, 200))}: unknown request`, value: new Uint8Array() };
    }
    try {
      return { code: 0, codespace: '', log: '', value: await handler(data, view) };
    } catch (err) {
      const e = isDecodeError(err) ? sdkError(SDK.TxDecode, `invalid request bytes: ${(err as Error).message}`) : toSdkError(err);
      return { code: e.code, codespace: e.codespace, log: e.message, value: new Uint8Array() };
    }
  }

  /** Gas a tx of a proposal asks for: its fee's gas limit (throws when the tx does not decode). */
  proposalTxGas(bytes: Uint8Array): bigint {
    const tx = this.decoded.get(decodedKey(bytes))?.tx ?? this.opts.decodeTx(bytes);
    return tx.authInfo.fee?.gasLimit ?? 0n;
  }

  /**
   * Decoded form of a tx, remembered by the tx's hash until the tx is delivered in a block: a
   * validator meets each tx in CheckTx, in rechecks, in a proposal and in the decided block, as
   * different byte arrays (gossip, block parts) but the same hash, and decodes it once.
   */
  private decode(bytes: Uint8Array, key = decodedKey(bytes)): DecodedTx {
    const hit = this.decoded.get(key);
    if (hit) return hit;
    const tx = this.opts.decodeTx(bytes);
    const d = { tx, ...decodeMsgs(tx, this.router) };
    makeRoom(this.decoded, MAX_DECODED); // the oldest are txs long gone from the mempool
    this.decoded.set(key, d);
    return d;
  }

  private anteDeps() {
    return { bank: bankKeeper, verifier: this.opts.verifier, minGasPrice: this.minGasPrice };
  }

  /** Block hooks run unmetered (`metered: false`): no gas is charged outside txs. */
  private ctx(kv: CacheKV, gas: GasMeter, block: BlockInfo, mode: ExecMode, metered = true): Ctx {
    return { kv: metered ? new GasKV(kv, gas) : kv, gas, events: new EventManager(), block, mode };
  }
}

type DecodedTx = { tx: AnteTx } & ReturnType<typeof decodeMsgs>;

/** Decoded txs kept at most: a full mempool (5,000 by default) and a few blocks besides. */
const MAX_DECODED = 20_000;

function decodedKey(bytes: Uint8Array): string {
  return latin1Of(txHash(bytes));
}

function isDecodeError(err: unknown): boolean {
  return err instanceof RangeError || (err instanceof Error && /index out of range|invalid wire type/i.test(err.message));
}

function success(gasWanted: bigint, gasUsed: bigint, events: AbciEvent[], data: Uint8Array): TxResult {
  return { code: 0, codespace: '', log: '', info: '', data, gasWanted, gasUsed, events };
}

function failure(err: unknown, gasWanted: bigint, gasUsed: bigint, events: AbciEvent[]): TxResult {
  const e = toSdkError(err);
  return { code: e.code, codespace: e.codespace, log: e.message, info: '', data: new Uint8Array(), gasWanted, gasUsed, events };
}
