// The license module (prefix 0x07): transferable, resellable licenses to a card's content.
import type { AppModule } from '../../module.js';

export const licenseModule: AppModule = {
  name: 'license',
  msgs: [],
  queries: {},
  initGenesis: () => {},
};
