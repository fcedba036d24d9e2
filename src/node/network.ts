// The node's libp2p side: the host with its consensus transport, tx gossip and block source,
// wired to the block store (status, block sync) and the mempool (gossiped txs).
import type { Logger } from '../consensus/interface.js';
import { MempoolError } from '../mempool/errors.js';
import type { Mempool } from '../mempool/mempool.js';
import { P2PHost, type TxVerdict } from '../p2p/index.js';
import { SDK } from '../state/errors.js';
import type { BlockStore } from '../storage/blockStore.js';
import type { TxResult } from '../types/abci.js';
import type { NodeConfig } from './config.js';

/** CheckTx codes that only a broken or hostile peer relays: an honest one checked the tx first. */
const PEER_FAULT_CODES = new Set<number>([SDK.TxDecode, SDK.Unauthorized, SDK.InvalidPubKey, SDK.NoSignatures, SDK.TooManySignatures, SDK.InvalidChainID, SDK.TxTooLarge]);

export interface NetworkDeps {
  chainId: string;
  maxBlockBytes: number;
  blocks: BlockStore;
  mempool: Mempool;
  log: Logger;
}

export interface Network {
  host: P2PHost;
  /** CheckTx for a tx from our RPC; admitted txs are gossiped to peers. */
  submitTx(tx: Uint8Array): Promise<TxResult>;
}

export async function startNetwork(cfg: NodeConfig, d: NetworkDeps): Promise<Network> {
  const host = await P2PHost.create({
    nodeKeyPath: cfg.paths.nodeKey,
    listen: cfg.p2p.laddr,
    persistentPeers: cfg.p2p.persistentPeers,
    bootstrapPeers: cfg.p2p.bootstrapPeers,
    maxPeers: cfg.p2p.maxPeers,
    chainId: d.chainId,
    log: d.log,
    maxBlockBytes: d.maxBlockBytes,
    statusProvider: () => ({ height: d.blocks.height(), base: d.blocks.base() }),
    blockProvider: async (height) => {
      const block = await d.blocks.loadBlock(height);
      const commit = block && (await d.blocks.loadCommit(height));
      return block && commit ? { block, commit: commit.commit } : undefined;
    },
  });
  host.txGossip.onTx((tx) => gossipedTxVerdict(d.mempool, tx));
  return {
    host,
    submitTx: async (tx) => {
      const result = await d.mempool.add(tx);
      if (result.code === 0) host.txGossip.publish(tx);
      return result;
    },
  };
}

async function gossipedTxVerdict(mempool: Mempool, tx: Uint8Array): Promise<TxVerdict> {
  try {
    const r = await mempool.add(tx);
    if (r.code === 0) return 'accept';
    return r.codespace === 'sdk' && PEER_FAULT_CODES.has(r.code) ? 'reject' : 'ignore';
  } catch (err) {
    if (err instanceof MempoolError && err.code === 'TX_TOO_LARGE') return 'reject';
    return 'ignore'; // already known, or no room: nothing wrong with the peer
  }
}
