// The node's minimum gas price ("0.0025useed"), checked in CheckTx: a fee must cover
// ceil(price * gas limit). Decimal arithmetic in bigint, no floats.
import { SDK, sdkError } from './errors.js';
import type { Coin } from './modules/bank/coins.js';

export class MinGasPrice {
  private constructor(
    readonly denom: string,
    private readonly numerator: bigint,
    private readonly scale: bigint,
  ) {}

  static parse(text: string): MinGasPrice {
    const m = /^([0-9]+)(?:\.([0-9]{1,18}))?([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text.trim());
    if (!m) throw new Error(`invalid minimum gas price ${JSON.stringify(text)}: expected e.g. "0.0025useed"`);
    const frac = m[2] ?? '';
    return new MinGasPrice(m[3], BigInt(m[1] + frac), 10n ** BigInt(frac.length));
  }

  required(gas: bigint): bigint {
    return (this.numerator * gas + this.scale - 1n) / this.scale;
  }

  check(fee: Coin[], gas: bigint): void {
    const need = this.required(gas);
    if (need === 0n) return;
    const paid = fee.find((c) => c.denom === this.denom)?.amount ?? 0n;
    if (paid < need) {
      throw sdkError(SDK.InsufficientFee, `insufficient fees; got: ${paid}${this.denom} required: ${need}${this.denom}: insufficient fee`);
    }
  }

  /** Price paid per unit of gas, scaled by 10^6, to order the mempool. */
  static priority(fee: Coin[], denom: string, gas: bigint): bigint {
    if (gas === 0n) return 0n;
    return ((fee.find((c) => c.denom === denom)?.amount ?? 0n) * 1_000_000n) / gas;
  }
}
