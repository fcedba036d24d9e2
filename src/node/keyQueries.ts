// The key service's view of the chain, read from committed state through the abci_query path:
// a license, the custody record of a content, and validators' key-agent records.
import { Custody, KeyAgent, QueryCustodyRequest, QueryCustodyResponse, QueryKeyAgentRequest, QueryKeyAgentResponse } from '../codec/seedcast/custody.js';
import { QueryLicenseRequest, QueryLicenseResponse, type License } from '../codec/seedcast/license.js';
import { SDK } from '../state/errors.js';
import type { AbciQuery } from './contentQueries.js';

async function one<T>(query: AbciQuery, path: string, data: Uint8Array, decode: (bytes: Uint8Array) => T | undefined): Promise<T | undefined> {
  const r = await query(path, data);
  if (r.code === SDK.KeyNotFound) return undefined;
  if (r.code !== 0) throw new Error(`${path.split('/').pop()} query failed: ${r.log}`);
  return decode(r.value);
}

export function keyQueries(query: AbciQuery) {
  return {
    license: (id: bigint): Promise<License | undefined> =>
      one(query, '/seedcast.license.v1.Query/License', QueryLicenseRequest.encode({ id }), (v) => QueryLicenseResponse.decode(v).license),

    custody: (contentId: Uint8Array): Promise<Custody | undefined> =>
      one(query, '/seedcast.custody.v1.Query/Custody', QueryCustodyRequest.encode({ contentId }), (v) => QueryCustodyResponse.decode(v).custody),

    keyAgent: (operator: string): Promise<KeyAgent | undefined> =>
      one(query, '/seedcast.staking.v1.Query/KeyAgent', QueryKeyAgentRequest.encode({ operator }), (v) => QueryKeyAgentResponse.decode(v).keyAgent),
  };
}

export type KeyQueries = ReturnType<typeof keyQueries>;
