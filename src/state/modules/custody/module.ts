// The custody module (prefix 0x08): Shamir shares of content keys dealt to validators' key agents.
import type { AppModule } from '../../module.js';

export const custodyModule: AppModule = {
  name: 'custody',
  msgs: [],
  queries: {},
  initGenesis: () => {},
};
