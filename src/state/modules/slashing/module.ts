import type { AppModule } from '../../module.js';
import { stakingKeeper, stakingPenaltiesKeeper } from '../staking/module.js';
import { initSlashingGenesis } from './genesis.js';
import { SlashingKeeper } from './keeper.js';
import { msgUnjailHandler } from './msgServer.js';
import { slashingQueries } from './queryServer.js';

export const slashingKeeper = new SlashingKeeper(stakingPenaltiesKeeper);

export const slashingModule: AppModule = {
  name: 'slashing',
  msgs: [msgUnjailHandler(slashingKeeper)],
  queries: slashingQueries,
  initGenesis: (kv, section) => initSlashingGenesis(stakingKeeper, kv, section),
  beginBlock(ctx, context) {
    for (const m of context.misbehavior) slashingKeeper.handleDoubleSign(ctx, m);
    for (const vote of context.lastCommit) slashingKeeper.handleValidatorSignature(ctx, vote);
  },
};
