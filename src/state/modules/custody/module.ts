// The custody module (prefix 0x08): Shamir shares of content keys dealt to validators' key agents.
import type { AppModule } from '../../module.js';
import { initCustodyGenesis } from './genesis.js';
import { custodyKeeper } from './keeper.js';
import { msgDealCustodyHandler } from './msgServer.js';
import { custodyQueries } from './queryServer.js';

export { custodyKeeper };

export const custodyModule: AppModule = {
  name: 'custody',
  msgs: [msgDealCustodyHandler],
  queries: custodyQueries,
  initGenesis: initCustodyGenesis,
};
