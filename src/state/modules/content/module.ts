import type { AppModule } from '../../module.js';
import { initContentGenesis } from './genesis.js';
import { contentKeeper } from './keeper.js';
import { msgAnnounceProviderHandler, msgPublishCardHandler, msgWithdrawProviderHandler } from './msgServer.js';
import { contentQueries } from './queryServer.js';

export { contentKeeper };

export const contentModule: AppModule = {
  name: 'content',
  msgs: [msgPublishCardHandler, msgAnnounceProviderHandler, msgWithdrawProviderHandler],
  queries: contentQueries,
  initGenesis: initContentGenesis,
};
