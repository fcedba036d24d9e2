// The license module (prefix 0x07): transferable, resellable licenses to a card's content.
import type { AppModule } from '../../module.js';
import { bankKeeper } from '../bank/module.js';
import { initLicenseGenesis } from './genesis.js';
import { licenseKeeper } from './keeper.js';
import { msgBuyListedLicenseHandler, msgDelistLicenseHandler, msgListLicenseHandler } from './market.js';
import { msgBuyLicenseHandler, msgTransferLicenseHandler } from './msgServer.js';
import { licenseQueries } from './queryServer.js';

export { licenseKeeper };

export const licenseModule: AppModule = {
  name: 'license',
  msgs: [
    msgBuyLicenseHandler(bankKeeper),
    msgTransferLicenseHandler,
    msgListLicenseHandler,
    msgDelistLicenseHandler,
    msgBuyListedLicenseHandler(bankKeeper),
  ],
  queries: licenseQueries,
  initGenesis: initLicenseGenesis,
};
