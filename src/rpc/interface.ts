// What the RPC server needs from the node. The node implements it; the server only
// translates between this and CometBFT's JSON-RPC shapes.
import type { Commit, Header, BlockID } from 'cosmjs-types/tendermint/types/types';
import type { Block as FullBlock } from 'cosmjs-types/tendermint/types/block';
import type { BlockResults, IndexedTx, TxResult } from '../types/abci.js';
import type { Query } from '../types/query.js';

export type { Commit, Header, BlockID, FullBlock };

export interface ValidatorInfo {
  address: Uint8Array; // 20 bytes: sha256(pubkey)[0:20]
  pubKey: Uint8Array; // ed25519, 32 bytes
  votingPower: bigint;
  proposerPriority: bigint;
}

export interface NodeStatus {
  nodeId: string; // hex of the p2p node id
  listenAddr: string;
  moniker: string;
  network: string; // chain id
  version: string; // CometBFT-compatible version string, e.g. "0.38.17" (cosmjs picks its parser from it)
  earliestBlockHeight: bigint;
  earliestBlockHash: Uint8Array;
  earliestAppHash: Uint8Array;
  earliestBlockTime: Date;
  latestBlockHeight: bigint;
  latestBlockHash: Uint8Array;
  latestAppHash: Uint8Array;
  latestBlockTime: Date;
  catchingUp: boolean;
  validator: { address: Uint8Array; pubKey: Uint8Array; votingPower: bigint };
}

export interface AbciQueryResult {
  code: number;
  codespace: string;
  log: string;
  info: string;
  index: bigint;
  key: Uint8Array;
  value: Uint8Array;
  height: bigint; // never 0 for a served query (cosmjs rejects 0)
  proofOps?: { type: string; key: Uint8Array; data: Uint8Array }[];
}

export interface SearchPage {
  page: number; // 1-based
  perPage: number;
  orderBy: 'asc' | 'desc';
}

/** Pushed by the node after each committed block, in this order: NewBlock, then one Tx per tx. */
export type ChainEvent =
  | { type: 'NewBlock'; block: FullBlock; blockId: BlockID; results: BlockResults }
  | { type: 'Tx'; tx: IndexedTx };

/** A connected peer, as net_info lists it. */
export interface PeerInfo {
  /** libp2p peer id. */
  id: string;
  /** Its latest height, from its last status. */
  height: bigint;
  /** Our score of it (disconnected at -100). */
  score: number;
}

export interface RpcBackend {
  status(): NodeStatus;
  /** Connected peers of our chain (none for a node without a network). */
  peers?(): PeerInfo[];
  abciInfo(): { data: string; version: string; appVersion: bigint; lastBlockHeight: bigint; lastBlockAppHash: Uint8Array };
  abciQuery(path: string, data: Uint8Array, height: bigint | undefined, prove: boolean): Promise<AbciQueryResult>;
  /** Latest height when height is undefined. undefined result = no such block. */
  block(height?: bigint): Promise<{ blockId: BlockID; block: FullBlock } | undefined>;
  blockByHash(hash: Uint8Array): Promise<{ blockId: BlockID; block: FullBlock } | undefined>;
  blockResults(height?: bigint): Promise<BlockResults | undefined>;
  /** Header and commit of a height; canonical = the commit came from the next block (not our seen commit). */
  commit(height?: bigint): Promise<{ header: Header; commit: Commit; canonical: boolean } | undefined>;
  validators(height?: bigint): Promise<{ height: bigint; validators: ValidatorInfo[] } | undefined>;
  /** The genesis document as parsed JSON (served as-is). */
  genesis(): unknown;
  tx(hash: Uint8Array): Promise<IndexedTx | undefined>;
  txSearch(query: Query, page: SearchPage): Promise<{ txs: IndexedTx[]; total: number }>;
  blockSearch(query: Query, page: SearchPage): Promise<{ heights: bigint[]; total: number }>;
  /** Runs CheckTx without adding to the mempool. */
  checkTx(tx: Uint8Array): Promise<TxResult>;
  /** CheckTx and, on success, add to the mempool. Rejects with an Error if the tx is already in the mempool/cache. */
  broadcastTx(tx: Uint8Array): Promise<TxResult>;
  numUnconfirmedTxs(): { count: number; total: number; totalBytes: bigint };
  unconfirmedTxs(limit: number): Uint8Array[];
  /** Subscribe to committed-chain events; returns the unsubscribe function. */
  onEvent(listener: (ev: ChainEvent) => void): () => void;
}
