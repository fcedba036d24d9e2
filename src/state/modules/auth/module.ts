import type { AppModule } from '../../module.js';
import { initAuthGenesis } from './genesis.js';
import { authQueries } from './queryServer.js';

export const authModule: AppModule = {
  name: 'auth',
  msgs: [],
  queries: authQueries,
  initGenesis: initAuthGenesis,
};
