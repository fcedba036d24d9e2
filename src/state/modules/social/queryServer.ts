// Queries of the social module, served through abci_query.
import { QueryProfileRequest, QueryProfileResponse } from '../../../codec/seedcast/social.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { socialKeeper } from './keeper.js';
import { signerAddress } from './msgs.js';

export const socialQueries: Record<string, QueryHandler> = {
  '/seedcast.social.v1.Query/Profile': async (req, view) => {
    const { address } = QueryProfileRequest.decode(req);
    let addr: Uint8Array;
    try {
      addr = signerAddress(address);
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
    const profile = socialKeeper.getProfile(view, addr);
    if (!profile) throw notFound(`profile of ${address}`);
    return QueryProfileResponse.encode({ profile });
  },
};
