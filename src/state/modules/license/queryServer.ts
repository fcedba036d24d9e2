// Queries of the license module, served through abci_query. Each walks one index prefix.
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import {
  Listing,
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
} from '../../../codec/seedcast/license.js';
import type { QueryView } from '../../context.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import { CONTENT_ID_BYTES } from '../content/msgs.js';
import { licenseKeeper } from './keeper.js';
import { licensesByContentPrefix, licensesByOwnerPrefix, listingsPrefix, readU64be } from './keys.js';
import { accountAddress } from './msgs.js';

function idArg(field: string, id: bigint): bigint {
  if (id === 0n) throw invalidArgument(`${field} must be at least 1`);
  return id;
}

function ownerArg(owner: string): Uint8Array {
  try {
    return accountAddress('owner', owner);
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}

/** Index entries hold license ids; the licenses come from the main table. */
function licensesOf(view: QueryView, items: [Uint8Array, Uint8Array][]): License[] {
  const out: License[] = [];
  for (const [, idBytes] of items) {
    const license = licenseKeeper.getLicense(view, readU64be(idBytes));
    if (license) out.push(license);
  }
  return out;
}

const page = (p: unknown) => p as PageRequest | undefined;

export const licenseQueries: Record<string, QueryHandler> = {
  '/seedcast.license.v1.Query/License': async (req, view) => {
    const id = idArg('license id', QueryLicenseRequest.decode(req).id);
    const license = licenseKeeper.getLicense(view, id);
    if (!license) throw notFound(`license ${id}`);
    return QueryLicenseResponse.encode({ license });
  },

  /** By license id; follows transfers and resales. */
  '/seedcast.license.v1.Query/LicensesByOwner': async (req, view) => {
    const { owner, pagination } = QueryLicensesByOwnerRequest.decode(req);
    const result = await paginate(view, licensesByOwnerPrefix(ownerArg(owner)), page(pagination));
    return QueryLicensesByOwnerResponse.encode({ licenses: licensesOf(view, result.items), pagination: result.response });
  },

  /** By license id; an unknown content has no licenses (an empty list). */
  '/seedcast.license.v1.Query/LicensesByContent': async (req, view) => {
    const { contentId, pagination } = QueryLicensesByContentRequest.decode(req);
    if (contentId.length !== CONTENT_ID_BYTES) throw invalidArgument(`content_id must be ${CONTENT_ID_BYTES} bytes, got ${contentId.length}`);
    const result = await paginate(view, licensesByContentPrefix(contentId), page(pagination));
    return QueryLicensesByContentResponse.encode({ licenses: licensesOf(view, result.items), pagination: result.response });
  },

  '/seedcast.license.v1.Query/Listings': async (req, view) => {
    const { pagination } = QueryListingsRequest.decode(req);
    const result = await paginate(view, listingsPrefix(), page(pagination));
    return QueryListingsResponse.encode({ listings: result.items.map(([, raw]) => Listing.decode(raw)), pagination: result.response });
  },

  '/seedcast.license.v1.Query/Listing': async (req, view) => {
    const id = idArg('license_id', QueryListingRequest.decode(req).licenseId);
    const listing = licenseKeeper.getListing(view, id);
    if (!listing) throw notFound(`listing of license ${id}`);
    return QueryListingResponse.encode({ listing });
  },
};
