import type { AppModule } from '../../module.js';
import { initSocialGenesis } from './genesis.js';
import { msgSetProfileHandler } from './msgServer.js';
import { socialQueries } from './queryServer.js';

export const socialModule: AppModule = {
  name: 'social',
  msgs: [msgSetProfileHandler],
  queries: socialQueries,
  initGenesis: initSocialGenesis,
};
