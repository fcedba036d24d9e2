// gRPC-style queries of the bank module, served through abci_query.
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { fromBech32Address } from '../../../codec/address.js';
import { invalidArgument } from '../../errors.js';
import type { QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import type { BankKeeper } from './keeper.js';
import { balancesPrefix, supplyPrefix } from './keys.js';

const dec = new TextDecoder();

function parseAddress(address: string): Uint8Array {
  try {
    return fromBech32Address(address);
  } catch (err) {
    throw invalidArgument(`invalid address ${JSON.stringify(address.slice(0, 100))}: ${(err as Error).message}`);
  }
}

export function bankQueries(bank: BankKeeper): Record<string, QueryHandler> {
  return {
    '/cosmos.bank.v1beta1.Query/Balance': async (req, view) => {
      const { address, denom } = QueryBalanceRequest.decode(req);
      if (!denom) throw invalidArgument('invalid denom');
      const amount = bank.getBalance(view, parseAddress(address), denom);
      return QueryBalanceResponse.encode({ balance: { denom, amount: amount.toString() } }).finish();
    },

    '/cosmos.bank.v1beta1.Query/AllBalances': async (req, view) => {
      const { address, pagination } = QueryAllBalancesRequest.decode(req);
      const prefix = balancesPrefix(parseAddress(address));
      const page = await paginate(view, prefix, pagination);
      return QueryAllBalancesResponse.encode({
        balances: page.items.map(([key, value]) => ({ denom: dec.decode(key), amount: dec.decode(value) })),
        pagination: page.response,
      }).finish();
    },

    '/cosmos.bank.v1beta1.Query/TotalSupply': async (req, view) => {
      const { pagination } = QueryTotalSupplyRequest.decode(req);
      const page = await paginate(view, supplyPrefix(), pagination);
      return QueryTotalSupplyResponse.encode({
        supply: page.items.map(([key, value]) => ({ denom: dec.decode(key), amount: dec.decode(value) })),
        pagination: page.response,
      }).finish();
    },

    '/cosmos.bank.v1beta1.Query/SupplyOf': async (req, view) => {
      const { denom } = QuerySupplyOfRequest.decode(req);
      return QuerySupplyOfResponse.encode({ amount: { denom, amount: bank.getSupply(view, denom).toString() } }).finish();
    },
  };
}
