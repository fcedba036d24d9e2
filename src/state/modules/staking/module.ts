import type { AppModule } from '../../module.js';
import { bankKeeper } from '../bank/module.js';
import { initStakingGenesis } from './genesis.js';
import { StakingKeeper } from './keeper.js';
import { keyAgentKeeper, keyAgentQueries, msgRegisterKeyAgentHandler } from './keyAgents.js';
import { stakingMsgHandlers } from './msgServer.js';
import { stakingPenalties } from './penalties.js';
import { stakingQueries } from './queryServer.js';
import { completeMatureUnbondings } from './unbonding.js';
import { applyValidatorSetUpdates } from './valset.js';

export const stakingKeeper = new StakingKeeper(bankKeeper);
export { keyAgentKeeper };
export const stakingPenaltiesKeeper = stakingPenalties(stakingKeeper);

export const stakingModule: AppModule = {
  name: 'staking',
  msgs: [...stakingMsgHandlers(stakingKeeper), msgRegisterKeyAgentHandler(stakingKeeper)],
  queries: { ...stakingQueries(stakingKeeper), ...keyAgentQueries },
  initGenesis: (kv, section) => initStakingGenesis(stakingKeeper, kv, section),
  endBlock(ctx) {
    completeMatureUnbondings(stakingKeeper, ctx);
    return applyValidatorSetUpdates(stakingKeeper, ctx);
  },
};
