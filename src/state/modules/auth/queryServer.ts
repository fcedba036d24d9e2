// gRPC-style queries of the auth module, served through abci_query.
import { Params } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import {
  QueryAccountRequest,
  QueryAccountResponse,
  QueryParamsResponse,
} from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { fromBech32Address } from '../../../codec/address.js';
import { invalidArgument, notFound } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { accountKeeper, encodeAccount } from './keeper.js';
import { getAuthParams } from './params.js';

function parseAddress(address: string): Uint8Array {
  try {
    return fromBech32Address(address);
  } catch (err) {
    throw invalidArgument(`invalid address ${JSON.stringify(address.slice(0, 100))}: ${(err as Error).message}`);
  }
}

export const authQueries: Record<string, QueryHandler> = {
  '/cosmos.auth.v1beta1.Query/Account': async (req, view) => {
    const { address } = QueryAccountRequest.decode(req);
    const account = accountKeeper.getAccount(view, parseAddress(address));
    if (!account) throw notFound(`account ${address} not found`);
    return QueryAccountResponse.encode({
      account: { typeUrl: '/cosmos.auth.v1beta1.BaseAccount', value: encodeAccount(account) },
    }).finish();
  },

  '/cosmos.auth.v1beta1.Query/Params': async (_req, view) => {
    const p = getAuthParams(view);
    return QueryParamsResponse.encode({ params: Params.fromPartial({ ...p, sigVerifyCostEd25519: 590n }) }).finish();
  },
};
