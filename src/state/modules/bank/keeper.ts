// Balances and supply. Amounts are bigint, stored as decimal text.
import { createHash } from 'node:crypto';
import { toBech32Address } from '../../../codec/address.js';
import type { Ctx } from '../../context.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import type { AccountKeeper } from '../auth/keeper.js';
import { formatCoins, type Coin } from './coins.js';
import { balanceKey, supplyKey } from './keys.js';
import { latin1Of } from '../../../util/bytesText.js';

/** Module account address, as the SDK derives it: sha256(name)[0:20]. */
export function moduleAddress(name: string): Uint8Array {
  return createHash('sha256').update(name).digest().subarray(0, 20);
}

export const FEE_COLLECTOR = moduleAddress('fee_collector');

function readAmount(raw: Uint8Array | undefined): bigint {
  // Decimal digits, so latin1 reads them as utf8 would, in place instead of from a copy.
  return raw ? BigInt(latin1Of(raw)) : 0n;
}

function writeAmount(kv: KV, key: Uint8Array, amount: bigint): void {
  if (amount === 0n && !kv.get(key)) return;
  if (amount === 0n) kv.delete(key);
  else kv.set(key, Buffer.from(amount.toString()));
}

export class BankKeeper {
  constructor(private readonly accounts: AccountKeeper) {}

  getBalance(kv: ReadonlyKV, address: Uint8Array, denom: string): bigint {
    return readAmount(kv.get(balanceKey(address, denom)));
  }

  getSupply(kv: ReadonlyKV, denom: string): bigint {
    return readAmount(kv.get(supplyKey(denom)));
  }

  /** Takes coins from an account; fails whole if any denom falls short. */
  subtract(kv: KV, address: Uint8Array, coins: Coin[]): void {
    for (const c of coins) {
      const have = this.getBalance(kv, address, c.denom);
      if (have < c.amount) {
        throw sdkError(SDK.InsufficientFunds, `spendable balance ${have}${c.denom} is smaller than ${c.amount}${c.denom}: insufficient funds`);
      }
      writeAmount(kv, balanceKey(address, c.denom), have - c.amount);
    }
  }

  add(kv: KV, address: Uint8Array, coins: Coin[]): void {
    for (const c of coins) {
      writeAmount(kv, balanceKey(address, c.denom), this.getBalance(kv, address, c.denom) + c.amount);
    }
  }

  /** Moves coins and emits the SDK's coin_spent / coin_received / transfer events. */
  send(ctx: Ctx, from: Uint8Array, to: Uint8Array, coins: Coin[]): void {
    this.subtract(ctx.kv, from, coins);
    this.accounts.ensureAccount(ctx.kv, to);
    this.add(ctx.kv, to, coins);
    const amount = formatCoins(coins);
    const sender = toBech32Address(from);
    const recipient = toBech32Address(to);
    ctx.events.emit('coin_spent', { spender: sender, amount });
    ctx.events.emit('coin_received', { receiver: recipient, amount });
    ctx.events.emit('transfer', { recipient, sender, amount });
  }

  /** Destroys coins held by an account (slashed stake): lowers balance and supply. */
  burn(ctx: Ctx, address: Uint8Array, coins: Coin[]): void {
    this.subtract(ctx.kv, address, coins);
    for (const c of coins) writeAmount(ctx.kv, supplyKey(c.denom), this.getSupply(ctx.kv, c.denom) - c.amount);
    ctx.events.emit('burn', { burner: toBech32Address(address), amount: formatCoins(coins) });
  }

  /** Creates coins (genesis only for now): raises balance and supply. */
  mint(kv: KV, address: Uint8Array, coins: Coin[]): void {
    this.add(kv, address, coins);
    for (const c of coins) writeAmount(kv, supplyKey(c.denom), this.getSupply(kv, c.denom) + c.amount);
  }
}
