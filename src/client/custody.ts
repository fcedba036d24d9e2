// Typed queries of validator key agents (seedcast.staking.v1) and custody deals
// (seedcast.custody.v1) for apps built on cosmjs's QueryClient.
import { createProtobufRpcClient, type QueryClient } from '@cosmjs/stargate';
import type { PageRequest, PageResponse } from '../codec/seedcast/content.js';
import {
  QueryCustodyRequest,
  QueryCustodyResponse,
  QueryKeyAgentRequest,
  QueryKeyAgentResponse,
  QueryKeyAgentsRequest,
  QueryKeyAgentsResponse,
  type Custody,
  type KeyAgent,
} from '../codec/seedcast/custody.js';
import { contentIdBytes, type ContentIdInput } from './content.js';
import { orNull } from './notFound.js';

const STAKING_SERVICE = 'seedcast.staking.v1.Query';
const CUSTODY_SERVICE = 'seedcast.custody.v1.Query';

export function custodyQuery(base: QueryClient) {
  const rpc = createProtobufRpcClient(base);
  return {
    /** A validator's key agent (operator: seedvaloper...), or null when it registered none. */
    keyAgent: (operator: string): Promise<KeyAgent | null> =>
      orNull(async () => QueryKeyAgentResponse.decode(await rpc.request(STAKING_SERVICE, 'KeyAgent', QueryKeyAgentRequest.encode({ operator }))).keyAgent ?? null),

    /** Every registered key agent, by operator address. */
    async keyAgents(pagination?: Partial<PageRequest>): Promise<{ keyAgents: KeyAgent[]; pagination?: PageResponse }> {
      const req = QueryKeyAgentsRequest.encode(pagination ? { pagination } : {});
      return QueryKeyAgentsResponse.decode(await rpc.request(STAKING_SERVICE, 'KeyAgents', req));
    },

    /** The current custody deal of a content, or null when none was dealt. */
    custody: (contentId: ContentIdInput): Promise<Custody | null> =>
      orNull(async () => {
        const req = QueryCustodyRequest.encode({ contentId: contentIdBytes(contentId) });
        return QueryCustodyResponse.decode(await rpc.request(CUSTODY_SERVICE, 'Custody', req)).custody ?? null;
      }),
  };
}

export type CustodyQueryClient = ReturnType<typeof custodyQuery>;
