// Typed queries of the social module for apps built on cosmjs's QueryClient.
import { createProtobufRpcClient, type QueryClient } from '@cosmjs/stargate';
import { QueryProfileRequest, QueryProfileResponse, type Profile } from '../codec/seedcast/social.js';

export function socialQuery(base: QueryClient) {
  const rpc = createProtobufRpcClient(base);
  return {
    /** The account's profile, or null when it has none. */
    async profile(address: string): Promise<Profile | null> {
      try {
        const res = await rpc.request('seedcast.social.v1.Query', 'Profile', QueryProfileRequest.encode({ address }));
        return QueryProfileResponse.decode(res).profile ?? null;
      } catch (err) {
        if (/rpc error: code = NotFound/i.test(String(err))) return null;
        throw err;
      }
    },
  };
}
