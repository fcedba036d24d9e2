// The node's running parts that both the block executor and the RPC backend work with.
import type { Mempool } from '../mempool/mempool.js';
import type { App } from '../state/app.js';
import type { BlockStore } from '../storage/blockStore.js';
import type { StateStore } from '../storage/state/index.js';
import type { TxIndex } from '../storage/txIndex.js';
import type { EventBus } from './eventBus.js';

export interface NodeParts {
  app: App;
  mempool: Mempool;
  state: StateStore;
  blocks: BlockStore;
  txIndex: TxIndex;
  events: EventBus;
}
