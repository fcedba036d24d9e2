import type { AppModule } from '../../module.js';
import { accountKeeper } from '../auth/keeper.js';
import { initBankGenesis } from './genesis.js';
import { BankKeeper } from './keeper.js';
import { msgSendHandler } from './msgServer.js';
import { bankQueries } from './queryServer.js';

export const bankKeeper = new BankKeeper(accountKeeper);

export const bankModule: AppModule = {
  name: 'bank',
  msgs: [msgSendHandler(bankKeeper)],
  queries: bankQueries(bankKeeper),
  initGenesis: (kv, section) => initBankGenesis(bankKeeper, kv, section),
};
