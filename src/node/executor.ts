// The consensus layer's view of the application: reap txs for a proposal, vet a proposal,
// execute a decided block, and commit everything about that height in one atomic batch.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit } from 'cosmjs-types/tendermint/types/types';
import { timestampToMs } from '../consensus/time.js';
import { txHash } from '../crypto/hash.js';
import type { Batch, Db } from '../storage/db.js';
import type { StateStore } from '../storage/state/index.js';
import type { BlockContext, BlockResults, IndexedTx } from '../types/abci.js';
import type { NodeParts } from './parts.js';
import { lastResultsHash } from './lastResultsHash.js';

export interface ExecutorDeps extends NodeParts {
  db: Db;
  /** The block gas limit of the current consensus params (-1 = none). */
  maxBlockGas: () => bigint;
}

interface Executed {
  block: Block;
  batch: Batch;
  staged: ReturnType<StateStore['stage']>;
  results: BlockResults;
  txs: IndexedTx[];
}

export class BlockExecutor {
  private executed: Executed | undefined;

  constructor(private readonly d: ExecutorDeps) {}

  reapTxs(maxBytes: number, maxGas: bigint): Uint8Array[] {
    return this.d.mempool.reap(maxBytes, maxGas);
  }

  /** A proposal must consist of decodable txs whose gas limits fit the block gas limit. */
  async checkProposal(block: Block): Promise<void> {
    const maxGas = this.d.maxBlockGas();
    let gas = 0n;
    block.data?.txs.forEach((tx, i) => {
      try {
        gas += this.d.app.proposalTxGas(tx);
      } catch (err) {
        throw new Error(`proposal tx ${i} does not decode: ${(err as Error).message}`);
      }
    });
    if (maxGas >= 0n && gas > maxGas) throw new Error(`proposal wants ${gas} gas, more than the block gas limit ${maxGas}`);
    await this.d.app.warmSignatures(block.data?.txs ?? []);
  }

  /** Begin block (slashing sees the last commit and evidence), the txs, end block (staking's set changes). */
  async executeBlock(block: Block, context: BlockContext) {
    const height = block.header!.height;
    const txs = block.data?.txs ?? [];
    await this.d.app.warmSignatures(txs); // a block from block sync or our own: mostly nothing left to verify
    this.d.app.beginBlock({ chainId: block.header!.chainId, height, timeMs: timestampToMs(block.header!.time) }, context);
    const txResults = txs.map((tx) => this.d.app.deliverTx(tx));
    const { changes, events, validatorUpdates } = this.d.app.endBlock();
    const batch = this.d.db.batch();
    const staged = this.d.state.stage(height, changes, batch);
    const results: BlockResults = { height, txResults, finalizeBlockEvents: events, appHash: staged.root };
    const indexed = txs.map((tx, index) => ({ hash: txHash(tx), height, index, tx, result: txResults[index] }));
    this.executed = { block, batch, staged, results, txs: indexed };
    return { appHash: staged.root, lastResultsHash: lastResultsHash(txResults), validatorUpdates };
  }

  async commitBlock(block: Block, blockId: BlockID, seenCommit: Commit, chainState: Uint8Array): Promise<void> {
    const ex = this.executed;
    if (!ex || ex.block !== block) throw new Error(`commitBlock: block ${block.header?.height} was not the one executed last`);
    this.executed = undefined;
    const height = block.header!.height;
    this.d.blocks.saveBlock(block, blockId, seenCommit, ex.batch);
    this.d.blocks.saveBlockResults(ex.results, ex.batch);
    this.d.txIndex.indexBlock(height, ex.txs, ex.results.finalizeBlockEvents, ex.batch);
    this.d.blocks.saveChainState(chainState, ex.batch);
    await ex.batch.write(); // the commit point: all of this height, or none of it
    this.d.state.applyStaged(ex.staged);
    this.d.blocks.applySaved(height);

    this.d.app.resetCheckState({ chainId: block.header!.chainId, height, timeMs: timestampToMs(block.header!.time) });
    this.d.mempool.update(block.data?.txs ?? []);

    this.d.events.publish({ type: 'NewBlock', block, blockId, results: ex.results });
    for (const tx of ex.txs) this.d.events.publish({ type: 'Tx', tx });
  }
}
