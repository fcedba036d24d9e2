// Typed queries of the license module for apps built on cosmjs's QueryClient.
import { createProtobufRpcClient, type QueryClient } from '@cosmjs/stargate';
import type { PageRequest, PageResponse } from '../codec/seedcast/content.js';
import {
  QueryLicenseRequest,
  QueryLicenseResponse,
  QueryLicensesByContentRequest,
  QueryLicensesByContentResponse,
  QueryLicensesByOwnerRequest,
  QueryLicensesByOwnerResponse,
  QueryListingRequest,
  QueryListingResponse,
  QueryListingsRequest,
  QueryListingsResponse,
  type License,
  type Listing,
} from '../codec/seedcast/license.js';
import { contentIdBytes, type ContentIdInput } from './content.js';
import { orNull } from './notFound.js';

const SERVICE = 'seedcast.license.v1.Query';

export interface LicensePage {
  licenses: License[];
  pagination?: PageResponse;
}

export function licenseQuery(base: QueryClient) {
  const rpc = createProtobufRpcClient(base);
  const page = (pagination?: Partial<PageRequest>) => (pagination ? { pagination } : {});
  return {
    /** The license with this id, or null. */
    license: (id: bigint | number): Promise<License | null> =>
      orNull(async () => QueryLicenseResponse.decode(await rpc.request(SERVICE, 'License', QueryLicenseRequest.encode({ id: BigInt(id) }))).license ?? null),

    /** An account's licenses, by id. */
    async licensesByOwner(owner: string, pagination?: Partial<PageRequest>): Promise<LicensePage> {
      const req = QueryLicensesByOwnerRequest.encode({ owner, ...page(pagination) });
      return QueryLicensesByOwnerResponse.decode(await rpc.request(SERVICE, 'LicensesByOwner', req));
    },

    /** The licenses of a content id (64 hex or 32 bytes), by id. */
    async licensesByContent(contentId: ContentIdInput, pagination?: Partial<PageRequest>): Promise<LicensePage> {
      const req = QueryLicensesByContentRequest.encode({ contentId: contentIdBytes(contentId), ...page(pagination) });
      return QueryLicensesByContentResponse.decode(await rpc.request(SERVICE, 'LicensesByContent', req));
    },

    /** Every resale listing, by license id. */
    async listings(pagination?: Partial<PageRequest>): Promise<{ listings: Listing[]; pagination?: PageResponse }> {
      return QueryListingsResponse.decode(await rpc.request(SERVICE, 'Listings', QueryListingsRequest.encode(page(pagination))));
    },

    /** The listing of a license, or null when it is not listed. */
    listing: (licenseId: bigint | number): Promise<Listing | null> =>
      orNull(async () => {
        const req = QueryListingRequest.encode({ licenseId: BigInt(licenseId) });
        return QueryListingResponse.decode(await rpc.request(SERVICE, 'Listing', req)).listing ?? null;
      }),
  };
}

export type LicenseQueryClient = ReturnType<typeof licenseQuery>;
