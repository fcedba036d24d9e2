// The social module (prefix 0x03): profiles, reactions, follows, tips, views and the per-card
// counters other modules feed through socialCounters (comments, license sales, paid views).
import type { AppModule } from '../../module.js';
import { bankKeeper } from '../bank/module.js';
import { socialCounters } from './counters.js';
import { msgFollowHandler, msgUnfollowHandler } from './follows.js';
import { feedQueries } from './feedQueries.js';
import { initSocialGenesis } from './genesis.js';
import { msgSetProfileHandler } from './msgServer.js';
import { socialQueries } from './queryServer.js';
import { msgReactHandler, msgUnreactHandler } from './reactions.js';
import { msgTipHandler, msgViewHandler } from './tipsViews.js';

export { socialCounters };

export const socialModule: AppModule = {
  name: 'social',
  msgs: [msgSetProfileHandler, msgReactHandler, msgUnreactHandler, msgFollowHandler, msgUnfollowHandler, msgTipHandler(bankKeeper), msgViewHandler],
  queries: { ...socialQueries, ...feedQueries },
  initGenesis: initSocialGenesis,
};
