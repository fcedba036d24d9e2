// The node as the RPC server sees it (src/rpc/interface.ts): reads come from the stores,
// writes go through the mempool, events from the bus.
import type { ChainState } from '../consensus/chainState.js';
import { timestampToMs } from '../consensus/time.js';
import type { QueryView } from '../state/context.js';
import { encodeStateProof } from '../storage/state/index.js';
import type { AbciQueryResult, ChainEvent, NodeStatus, PeerInfo, RpcBackend, SearchPage, ValidatorInfo } from '../rpc/interface.js';
import type { Query } from '../types/query.js';
import type { TxResult } from '../types/abci.js';
import type { NodeParts } from './parts.js';
import { SDK } from '../state/errors.js';

export const COMETBFT_COMPAT_VERSION = '0.38.17';
export const APP_VERSION = '0.1.0';

export interface BackendDeps extends NodeParts {
  genesis: unknown;
  chainState: () => ChainState;
  /** CheckTx and admission of a tx from a client (the node gossips what it admits). */
  submitTx: (tx: Uint8Array) => Promise<TxResult>;
  /** True while block sync fetches blocks the network already committed. */
  catchingUp: () => boolean;
  peers: () => PeerInfo[];
  node: { id: string; listenAddr: string; moniker: string; validatorAddress: Uint8Array; validatorPubKey: Uint8Array };
}

const EMPTY = new Uint8Array();

export class NodeRpcBackend implements RpcBackend {
  constructor(private readonly d: BackendDeps) {}

  peers(): PeerInfo[] {
    return this.d.peers();
  }

  status(): NodeStatus {
    const cs = this.d.chainState();
    const latest = this.d.blocks.height();
    const base = this.d.blocks.base();
    const meta = (h: bigint) => (h > 0n ? this.d.blocks.loadBlockMetaSync(h) : undefined);
    const top = meta(latest);
    const first = meta(base);
    const power = cs.validators.validators.find((v) => Buffer.compare(Buffer.from(v.address), Buffer.from(this.d.node.validatorAddress)) === 0)?.votingPower ?? 0n;
    return {
      nodeId: this.d.node.id,
      listenAddr: this.d.node.listenAddr,
      moniker: this.d.node.moniker,
      network: cs.chainId,
      version: COMETBFT_COMPAT_VERSION,
      earliestBlockHeight: base,
      earliestBlockHash: first?.blockId.hash ?? EMPTY,
      earliestAppHash: first?.header.appHash ?? EMPTY,
      earliestBlockTime: new Date(Number(first ? timestampToMs(first.header.time) : cs.lastBlockTime)),
      latestBlockHeight: latest,
      latestBlockHash: top?.blockId.hash ?? EMPTY,
      latestAppHash: cs.appHash,
      latestBlockTime: new Date(Number(cs.lastBlockTime)),
      catchingUp: this.d.catchingUp(),
      validator: { address: this.d.node.validatorAddress, pubKey: this.d.node.validatorPubKey, votingPower: power },
    };
  }

  abciInfo() {
    const cs = this.d.chainState();
    return { data: 'seedcast', version: APP_VERSION, appVersion: 0n, lastBlockHeight: cs.lastBlockHeight, lastBlockAppHash: cs.appHash };
  }

  async abciQuery(path: string, data: Uint8Array, height: bigint | undefined, prove: boolean): Promise<AbciQueryResult> {
    const latest = this.d.chainState().lastBlockHeight;
    const base = { index: 0n, key: EMPTY, info: '', height: latest > 0n ? latest : 1n };
    if (height !== undefined && height !== 0n && height !== latest) {
      return { ...base, code: SDK.InvalidRequest, codespace: 'sdk', log: `queries are served at the latest height ${latest} only (asked for ${height}): invalid request`, value: EMPTY };
    }
    if (path === '/store/state/key') return this.rawQuery(data, prove, base);
    const view: QueryView = {
      height: latest,
      get: (k) => this.d.state.get(k),
      iterate: (prefix, opts) => this.d.state.iterate(prefix, opts),
    };
    const out = await this.d.app.query(path, data, view);
    return { ...base, ...out };
  }

  /** Raw key lookup with an optional proof against the app hash in the header of latest + 1. */
  private async rawQuery(key: Uint8Array, prove: boolean, base: Omit<AbciQueryResult, 'code' | 'codespace' | 'log' | 'value'>): Promise<AbciQueryResult> {
    const value = this.d.state.get(key) ?? EMPTY;
    const proofOps = prove ? [{ type: 'seedcast:smt', key, data: encodeStateProof(await this.d.state.prove(key)) }] : undefined;
    return { ...base, key, code: 0, codespace: '', log: value.length ? 'exists' : 'does not exist', value, proofOps };
  }

  async block(height?: bigint) {
    const h = height ?? this.d.blocks.height();
    const meta = await this.d.blocks.loadBlockMeta(h);
    const block = await this.d.blocks.loadBlock(h);
    return meta && block ? { blockId: meta.blockId, block } : undefined;
  }

  blockByHash(hash: Uint8Array) {
    return this.d.blocks.loadBlockByHash(hash);
  }

  blockResults(height?: bigint) {
    return this.d.blocks.loadBlockResults(height ?? this.d.blocks.height());
  }

  async commit(height?: bigint) {
    const h = height ?? this.d.blocks.height();
    const meta = await this.d.blocks.loadBlockMeta(h);
    const c = await this.d.blocks.loadCommit(h);
    if (!meta || !c) return undefined;
    return { header: meta.header, commit: c.commit, canonical: c.canonical };
  }

  /**
   * The validator set of a height. Sets change only through the staking module (next issue);
   * until then every height's set is the one in the chain state.
   */
  async validators(height?: bigint) {
    const cs = this.d.chainState();
    const h = height ?? cs.lastBlockHeight;
    if (h < 1n || h > cs.lastBlockHeight + 1n) return undefined;
    const validators: ValidatorInfo[] = cs.validators.validators.map((v) => ({
      address: v.address,
      pubKey: v.pubKey,
      votingPower: v.votingPower,
      proposerPriority: v.proposerPriority,
    }));
    return { height: h, validators };
  }

  genesis(): unknown {
    return this.d.genesis;
  }

  tx(hash: Uint8Array) {
    return this.d.txIndex.getTx(hash);
  }

  txSearch(query: Query, page: SearchPage) {
    return this.d.txIndex.searchTxs(query, page);
  }

  blockSearch(query: Query, page: SearchPage) {
    return this.d.txIndex.searchBlocks(query, page);
  }

  async checkTx(tx: Uint8Array): Promise<TxResult> {
    return this.d.app.checkPrepared(await this.d.app.prepareTx(tx), 'check', false).result;
  }

  broadcastTx(tx: Uint8Array): Promise<TxResult> {
    return this.d.submitTx(tx);
  }

  numUnconfirmedTxs() {
    return { count: this.d.mempool.size, total: this.d.mempool.size, totalBytes: BigInt(this.d.mempool.totalBytes) };
  }

  unconfirmedTxs(limit: number): Uint8Array[] {
    return this.d.mempool.list(limit);
  }

  onEvent(listener: (ev: ChainEvent) => void): () => void {
    return this.d.events.subscribe(listener);
  }
}
