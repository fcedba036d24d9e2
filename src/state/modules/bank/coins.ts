// Coins as the chain handles them: denom plus a bigint amount. Wire form is Cosmos's
// {denom, amount: decimal string}.
import { SDK, sdkError } from '../../errors.js';

export interface Coin {
  denom: string;
  amount: bigint;
}

const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const AMOUNT = /^[0-9]{1,78}$/; // < 2^256, like the SDK's Int bound

export function parseCoin(c: { denom: string; amount: string }): Coin {
  if (!DENOM.test(c.denom)) throw sdkError(SDK.InvalidCoins, `invalid denom: ${JSON.stringify(c.denom.slice(0, 64))}`);
  if (!AMOUNT.test(c.amount)) throw sdkError(SDK.InvalidCoins, `invalid coin amount: ${JSON.stringify(c.amount.slice(0, 80))}`);
  return { denom: c.denom, amount: BigInt(c.amount) };
}

/** Parses a list of wire coins: sorted by denom, no duplicates, amounts > 0 unless allowZero. */
export function parseCoins(list: { denom: string; amount: string }[], opts: { allowZero?: boolean } = {}): Coin[] {
  const coins = list.map(parseCoin);
  for (let i = 0; i < coins.length; i++) {
    if (!opts.allowZero && coins[i].amount === 0n) throw sdkError(SDK.InvalidCoins, `coin ${coins[i].denom} amount must be positive`);
    if (i > 0 && coins[i - 1].denom >= coins[i].denom) {
      throw sdkError(SDK.InvalidCoins, `coins must be sorted by denom and unique: ${formatCoins(coins)}`);
    }
  }
  return coins.filter((c) => c.amount > 0n);
}

export function formatCoins(coins: Coin[]): string {
  return coins.map((c) => `${c.amount}${c.denom}`).join(',');
}

export function toWire(c: Coin): { denom: string; amount: string } {
  return { denom: c.denom, amount: c.amount.toString() };
}
