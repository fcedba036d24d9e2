// gRPC-style queries of slashing at the SDK's paths (cosmjs's setupSlashingExtension).
import { QueryParamsResponse, QuerySigningInfoRequest, QuerySigningInfoResponse, QuerySigningInfosRequest, QuerySigningInfosResponse } from 'cosmjs-types/cosmos/slashing/v1beta1/query';
import { ValidatorSigningInfo } from 'cosmjs-types/cosmos/slashing/v1beta1/slashing';
import { fromBech32Address } from '../../../codec/address.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import { VALCONS_PREFIX } from './keeper.js';
import { signingInfoKey, signingInfoPrefix } from './keys.js';
import { getSlashingParams, toProtoParams } from './params.js';

export const slashingQueries: Record<string, QueryHandler> = {
  '/cosmos.slashing.v1beta1.Query/SigningInfo': async (req, view) => {
    const { consAddress } = QuerySigningInfoRequest.decode(req);
    let cons: Uint8Array;
    try {
      cons = fromBech32Address(consAddress, VALCONS_PREFIX);
    } catch (err) {
      throw invalidArgument(`invalid consensus address ${JSON.stringify(consAddress.slice(0, 100))}: ${(err as Error).message}`);
    }
    const raw = view.get(signingInfoKey(cons));
    if (!raw) throw notFound(`SigningInfo not found for validator ${consAddress}`);
    return QuerySigningInfoResponse.encode({ valSigningInfo: ValidatorSigningInfo.decode(raw) }).finish();
  },

  '/cosmos.slashing.v1beta1.Query/SigningInfos': async (req, view) => {
    const { pagination } = QuerySigningInfosRequest.decode(req);
    const page = await paginate(view, signingInfoPrefix(), pagination);
    return QuerySigningInfosResponse.encode({ info: page.items.map(([, raw]) => ValidatorSigningInfo.decode(raw)), pagination: page.response }).finish();
  },

  '/cosmos.slashing.v1beta1.Query/Params': async (_req, view) => QueryParamsResponse.encode({ params: toProtoParams(getSlashingParams(view)) }).finish(),
};
