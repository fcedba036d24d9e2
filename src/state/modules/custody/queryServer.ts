// Queries of the custody module, served through abci_query.
import { QueryCustodyRequest, QueryCustodyResponse } from '../../../codec/seedcast/custody.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { contentIdHex } from '../content/events.js';
import { custodyKeeper } from './keeper.js';
import { CONTENT_ID_BYTES } from './msgs.js';

export const custodyQueries: Record<string, QueryHandler> = {
  '/seedcast.custody.v1.Query/Custody': async (req, view) => {
    const { contentId } = QueryCustodyRequest.decode(req);
    if (contentId.length !== CONTENT_ID_BYTES) throw invalidArgument(`content_id must be ${CONTENT_ID_BYTES} bytes, got ${contentId.length}`);
    const custody = custodyKeeper.getCustody(view, contentId);
    if (!custody) throw notFound(`custody of content ${contentIdHex(contentId)}`);
    return QueryCustodyResponse.encode({ custody });
  },
};
