// Genesis section of bank: initial balances (supply is derived from them and, if given,
// must agree).
import { fromBech32Address } from '../../../codec/address.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV } from '../../store/kv.js';
import { accountKeeper } from '../auth/keeper.js';
import { parseCoins } from './coins.js';
import type { BankKeeper } from './keeper.js';

interface WireCoin {
  denom: string;
  amount: string;
}

export interface BankGenesis {
  balances?: { address: string; coins: WireCoin[] }[];
  supply?: WireCoin[];
}

export function initBankGenesis(bank: BankKeeper, kv: KV, section: unknown): void {
  const g = (section ?? {}) as BankGenesis;
  const seen = new Set<string>();
  for (const { address, coins } of g.balances ?? []) {
    if (seen.has(address)) throw sdkError(SDK.InvalidRequest, `genesis bank: duplicate balance for ${address}`);
    seen.add(address);
    const addr = fromBech32Address(address);
    accountKeeper.ensureAccount(kv, addr);
    bank.mint(kv, addr, parseCoins(coins));
  }
  for (const c of parseCoins(g.supply ?? [])) {
    const derived = bank.getSupply(kv, c.denom);
    if (derived !== c.amount) {
      throw sdkError(SDK.InvalidRequest, `genesis bank: supply of ${c.denom} is ${c.amount} but balances add up to ${derived}`);
    }
  }
}
