// Codecs of proto/seedcast/license/v1/*.proto; 64-bit integers are bigint both ways
// (bigintCodec, as for content).
import { bigintCodec, type Coin, type PageRequest, type PageResponse } from './content.js';

export interface License {
  id: bigint;
  cardId: bigint;
  contentId: Uint8Array;
  number: bigint;
  owner: string;
  mintedHeight: bigint;
  lastTransferHeight: bigint;
}
export const License = bigintCodec<License>('seedcast.license.v1.License');

export interface Listing {
  licenseId: bigint;
  seller: string;
  price?: Coin;
  listedHeight: bigint;
}
export const Listing = bigintCodec<Listing>('seedcast.license.v1.Listing');

type Empty = Record<string, never>;

export interface MsgBuyLicense {
  buyer: string;
  cardId: bigint;
}
export const MsgBuyLicense = bigintCodec<MsgBuyLicense>('seedcast.license.v1.MsgBuyLicense');

export interface MsgBuyLicenseResponse {
  licenseId: bigint;
  number: bigint;
}
export const MsgBuyLicenseResponse = bigintCodec<MsgBuyLicenseResponse>('seedcast.license.v1.MsgBuyLicenseResponse');

export interface MsgTransferLicense {
  owner: string;
  licenseId: bigint;
  recipient: string;
}
export const MsgTransferLicense = bigintCodec<MsgTransferLicense>('seedcast.license.v1.MsgTransferLicense');
export type MsgTransferLicenseResponse = Empty;
export const MsgTransferLicenseResponse = bigintCodec<MsgTransferLicenseResponse>('seedcast.license.v1.MsgTransferLicenseResponse');

export interface MsgListLicense {
  owner: string;
  licenseId: bigint;
  price?: Coin;
}
export const MsgListLicense = bigintCodec<MsgListLicense>('seedcast.license.v1.MsgListLicense');
export type MsgListLicenseResponse = Empty;
export const MsgListLicenseResponse = bigintCodec<MsgListLicenseResponse>('seedcast.license.v1.MsgListLicenseResponse');

export interface MsgDelistLicense {
  owner: string;
  licenseId: bigint;
}
export const MsgDelistLicense = bigintCodec<MsgDelistLicense>('seedcast.license.v1.MsgDelistLicense');
export type MsgDelistLicenseResponse = Empty;
export const MsgDelistLicenseResponse = bigintCodec<MsgDelistLicenseResponse>('seedcast.license.v1.MsgDelistLicenseResponse');

export interface MsgBuyListedLicense {
  buyer: string;
  licenseId: bigint;
  price?: Coin;
}
export const MsgBuyListedLicense = bigintCodec<MsgBuyListedLicense>('seedcast.license.v1.MsgBuyListedLicense');
export type MsgBuyListedLicenseResponse = Empty;
export const MsgBuyListedLicenseResponse = bigintCodec<MsgBuyListedLicenseResponse>('seedcast.license.v1.MsgBuyListedLicenseResponse');

export interface QueryLicenseRequest {
  id: bigint;
}
export const QueryLicenseRequest = bigintCodec<QueryLicenseRequest>('seedcast.license.v1.QueryLicenseRequest');

export interface QueryLicenseResponse {
  license?: License;
}
export const QueryLicenseResponse = bigintCodec<QueryLicenseResponse>('seedcast.license.v1.QueryLicenseResponse');

export interface QueryLicensesByOwnerRequest {
  owner: string;
  pagination?: Partial<PageRequest>;
}
export const QueryLicensesByOwnerRequest = bigintCodec<QueryLicensesByOwnerRequest>('seedcast.license.v1.QueryLicensesByOwnerRequest');

export interface QueryLicensesByOwnerResponse {
  licenses: License[];
  pagination?: PageResponse;
}
export const QueryLicensesByOwnerResponse = bigintCodec<QueryLicensesByOwnerResponse>('seedcast.license.v1.QueryLicensesByOwnerResponse');

export interface QueryLicensesByContentRequest {
  contentId: Uint8Array;
  pagination?: Partial<PageRequest>;
}
export const QueryLicensesByContentRequest = bigintCodec<QueryLicensesByContentRequest>('seedcast.license.v1.QueryLicensesByContentRequest');

export interface QueryLicensesByContentResponse {
  licenses: License[];
  pagination?: PageResponse;
}
export const QueryLicensesByContentResponse = bigintCodec<QueryLicensesByContentResponse>('seedcast.license.v1.QueryLicensesByContentResponse');

export interface QueryListingsRequest {
  pagination?: Partial<PageRequest>;
}
export const QueryListingsRequest = bigintCodec<QueryListingsRequest>('seedcast.license.v1.QueryListingsRequest');

export interface QueryListingsResponse {
  listings: Listing[];
  pagination?: PageResponse;
}
export const QueryListingsResponse = bigintCodec<QueryListingsResponse>('seedcast.license.v1.QueryListingsResponse');

export interface QueryListingRequest {
  licenseId: bigint;
}
export const QueryListingRequest = bigintCodec<QueryListingRequest>('seedcast.license.v1.QueryListingRequest');

export interface QueryListingResponse {
  listing?: Listing;
}
export const QueryListingResponse = bigintCodec<QueryListingResponse>('seedcast.license.v1.QueryListingResponse');

/** Type URLs of the license module's transaction messages. */
export const LICENSE_MSG_TYPE_URLS = [
  MsgBuyLicense.typeUrl,
  MsgTransferLicense.typeUrl,
  MsgListLicense.typeUrl,
  MsgDelistLicense.typeUrl,
  MsgBuyListedLicense.typeUrl,
] as const;
