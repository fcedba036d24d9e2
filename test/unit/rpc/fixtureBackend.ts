// A small in-memory chain behind the RpcBackend contract: two canned blocks with txs built
// with cosmjs-types, a mempool that admits or refuses, and a way to push chain events.
// It is a fixture for the backend, not a mock of the server under test.
import { createHash } from 'node:crypto';
import type { Block as FullBlock } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit, Header } from 'cosmjs-types/tendermint/types/types';
import type { AbciEvent, BlockResults, IndexedTx, TxResult } from '../../../src/types/abci.js';
import type { ChainEvent, NodeStatus, RpcBackend, SearchPage, ValidatorInfo } from '../../../src/rpc/interface.js';
import type { Query } from '../../../src/types/query.js';
import { flattenEvents, matchQuery } from '../../../src/rpc/queryMatch.js';

export const CHAIN_ID = 'seedcast-rpc-test';
export const sha256 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());
const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

export const VALIDATOR: ValidatorInfo = {
  address: filled(20, 0xaa),
  pubKey: filled(32, 0x11),
  votingPower: 10n,
  proposerPriority: 0n,
};

export function txResult(code: number, events: AbciEvent[] = [], log = ''): TxResult {
  return { code, codespace: code ? 'sdk' : '', log, info: '', data: code ? new Uint8Array() : new Uint8Array([0x12, 0x02, 0x0a, 0x00]), gasWanted: 200000n, gasUsed: 61234n, events };
}

export const transfer = (sender: string, recipient: string, amount: string): AbciEvent[] => [
  { type: 'message', attributes: [{ key: 'sender', value: sender, index: true }, { key: 'module', value: 'bank', index: true }] },
  { type: 'transfer', attributes: [{ key: 'recipient', value: recipient, index: true }, { key: 'amount', value: amount, index: true }] },
];

function blockId(seed: number): BlockID {
  return { hash: filled(32, seed), partSetHeader: { total: 1, hash: filled(32, seed + 1) } };
}

function header(height: bigint, lastBlockId: BlockID, txs: Uint8Array[]): Header {
  return {
    version: { block: 11n, app: 0n },
    chainId: CHAIN_ID,
    height,
    time: { seconds: 1_700_000_000n + height, nanos: 123_456_789 },
    lastBlockId,
    lastCommitHash: filled(32, 3),
    dataHash: txs.length ? filled(32, 4) : sha256(new Uint8Array()),
    validatorsHash: filled(32, 5),
    nextValidatorsHash: filled(32, 5),
    consensusHash: filled(32, 6),
    appHash: filled(32, 0x40 + Number(height)),
    lastResultsHash: filled(32, 7),
    evidenceHash: sha256(new Uint8Array()),
    proposerAddress: VALIDATOR.address,
  };
}

function commitFor(height: bigint, id: BlockID): Commit {
  return {
    height,
    round: 0,
    blockId: id,
    signatures: [{ blockIdFlag: 2, validatorAddress: VALIDATOR.address, timestamp: { seconds: 1_700_000_100n, nanos: 5 }, signature: filled(64, 9) }],
  };
}

interface StoredBlock { id: BlockID; block: FullBlock; results: BlockResults }

export class FixtureBackend implements RpcBackend {
  readonly blocks: StoredBlock[] = [];
  readonly txs: IndexedTx[] = [];
  readonly mempool: Uint8Array[] = [];
  readonly seen = new Set<string>();
  private readonly listeners = new Set<(ev: ChainEvent) => void>();

  constructor() {
    this.addBlock([]);
    this.addBlock([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7])], [
      txResult(0, transfer('seed1alice', 'seed1bob', '100useed')),
      txResult(5, transfer('seed1carol', 'seed1bob', '7useed'), 'insufficient funds'),
    ]);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Appends a block (and indexes its txs); returns the events a node would push for it. */
  addBlock(txs: Uint8Array[], results: TxResult[] = txs.map(() => txResult(0))): ChainEvent[] {
    const height = BigInt(this.blocks.length + 1);
    const last = this.blocks.at(-1);
    const id = blockId(0x20 + Number(height));
    const block: FullBlock = {
      header: header(height, last ? last.id : { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } }, txs),
      data: { txs },
      evidence: { evidence: [] },
      lastCommit: last ? commitFor(height - 1n, last.id) : undefined,
    };
    const blockResults: BlockResults = {
      height,
      txResults: results,
      finalizeBlockEvents: [{ type: 'mint', attributes: [{ key: 'amount', value: '1000useed', index: true }] }],
      appHash: filled(32, 0x50 + Number(height)),
    };
    this.blocks.push({ id, block, results: blockResults });
    const events: ChainEvent[] = [{ type: 'NewBlock', block, blockId: id, results: blockResults }];
    txs.forEach((tx, index) => {
      const indexed: IndexedTx = { hash: sha256(tx), height, index, tx, result: results[index]! };
      this.txs.push(indexed);
      events.push({ type: 'Tx', tx: indexed });
    });
    return events;
  }

  emit(ev: ChainEvent): void {
    for (const l of this.listeners) l(ev);
  }

  private latest(): StoredBlock {
    return this.blocks.at(-1)!;
  }

  private at(height?: bigint): StoredBlock | undefined {
    return height === undefined ? this.latest() : this.blocks[Number(height) - 1];
  }

  status(): NodeStatus {
    const first = this.blocks[0]!;
    const last = this.latest();
    return {
      nodeId: 'ab'.repeat(20), listenAddr: 'tcp://127.0.0.1:26656', moniker: 'fixture', network: CHAIN_ID, version: '0.38.17',
      earliestBlockHeight: 1n, earliestBlockHash: first.id.hash, earliestAppHash: first.block.header.appHash, earliestBlockTime: new Date(1_700_000_001_123),
      latestBlockHeight: last.block.header.height, latestBlockHash: last.id.hash, latestAppHash: last.results.appHash, latestBlockTime: new Date(1_700_000_002_123),
      catchingUp: false, validator: { address: VALIDATOR.address, pubKey: VALIDATOR.pubKey, votingPower: VALIDATOR.votingPower },
    };
  }

  abciInfo() {
    return { data: 'seedcast', version: '0.1.0', appVersion: 1n, lastBlockHeight: this.latest().block.header.height, lastBlockAppHash: this.latest().results.appHash };
  }

  async abciQuery(path: string, data: Uint8Array, height: bigint | undefined) {
    const h = height ?? this.latest().block.header.height;
    if (path !== '/echo') return { code: 6, codespace: 'sdk', log: `unknown query path ${path}`, info: '', index: 0n, key: new Uint8Array(), value: new Uint8Array(), height: h };
    return { code: 0, codespace: '', log: '', info: '', index: 0n, key: new Uint8Array(), value: data, height: h };
  }

  async block(height?: bigint) {
    const b = this.at(height);
    return b && { blockId: b.id, block: b.block };
  }

  async blockByHash(hash: Uint8Array) {
    const b = this.blocks.find((x) => Buffer.from(x.id.hash).equals(hash));
    return b && { blockId: b.id, block: b.block };
  }

  async blockResults(height?: bigint) {
    return this.at(height)?.results;
  }

  async commit(height?: bigint) {
    const b = this.at(height);
    if (!b) return undefined;
    return { header: b.block.header, commit: commitFor(b.block.header.height, b.id), canonical: height !== undefined && b !== this.latest() };
  }

  async validators(height?: bigint) {
    const b = this.at(height);
    return b && { height: b.block.header.height, validators: [VALIDATOR] };
  }

  genesis(): unknown {
    return { genesis_time: '2023-11-14T22:13:20Z', chain_id: CHAIN_ID, initial_height: '1', consensus_params: { block: { max_bytes: '4194304', max_gas: '-1' }, evidence: { max_age_num_blocks: '100000', max_age_duration: '172800000000000', max_bytes: '1048576' } }, validators: [], app_hash: '', app_state: { bank: {} } };
  }

  async tx(hash: Uint8Array) {
    return this.txs.find((t) => Buffer.from(t.hash).equals(hash));
  }

  async txSearch(query: Query, page: SearchPage) {
    const found = this.txs.filter((t) => {
      const flat = flattenEvents(t.result.events);
      flat['tx.hash'] = [Buffer.from(t.hash).toString('hex').toUpperCase()];
      flat['tx.height'] = [String(t.height)];
      return matchQuery(query, flat);
    });
    if (page.orderBy === 'desc') found.reverse();
    return { txs: found.slice((page.page - 1) * page.perPage, page.page * page.perPage), total: found.length };
  }

  async blockSearch(query: Query, page: SearchPage) {
    const heights = this.blocks
      .filter((b) => matchQuery(query, { ...flattenEvents(b.results.finalizeBlockEvents), 'block.height': [String(b.block.header.height)] }))
      .map((b) => b.block.header.height);
    return { heights: heights.slice((page.page - 1) * page.perPage, page.page * page.perPage), total: heights.length };
  }

  async checkTx(tx: Uint8Array): Promise<TxResult> {
    return tx[0] === 0xff ? txResult(4, [], 'signature verification failed') : txResult(0);
  }

  async broadcastTx(tx: Uint8Array): Promise<TxResult> {
    const key = Buffer.from(tx).toString('hex');
    if (this.seen.has(key)) throw new Error('tx already exists in cache');
    const res = await this.checkTx(tx);
    if (res.code === 0) {
      this.seen.add(key);
      this.mempool.push(tx);
    }
    return res;
  }

  numUnconfirmedTxs() {
    return { count: this.mempool.length, total: this.mempool.length, totalBytes: BigInt(this.mempool.reduce((n, t) => n + t.length, 0)) };
  }

  unconfirmedTxs(limit: number) {
    return this.mempool.slice(0, limit);
  }

  /** Commits the mempool into a new block and pushes its events, as the node does. */
  commitMempool(): void {
    const txs = this.mempool.splice(0);
    for (const ev of this.addBlock(txs, txs.map(() => txResult(0, transfer('seed1alice', 'seed1dave', '1useed'))))) this.emit(ev);
  }

  onEvent(listener: (ev: ChainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
