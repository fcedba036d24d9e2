// What the application learns about a decided block beyond its txs (src/types/abci.ts).
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import type { BlockContext } from '../types/abci.js';
import type { ChainState } from './chainState.js';
import { misbehaviorOf } from './evidencePool.js';

/** Who signed the block's last commit (by the set that was asked to), and its misbehaviour. */
export function blockContext(prev: ChainState, block: Block): BlockContext {
  const sigs = block.lastCommit?.signatures ?? [];
  const lastCommit = prev.lastValidators.validators.map((v, i) => ({
    address: v.address,
    power: v.votingPower,
    signed: sigs[i]?.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
  }));
  return { lastCommit, misbehavior: misbehaviorOf(block), proposer: block.header!.proposerAddress };
}
