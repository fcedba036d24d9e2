// Gas metering. Costs follow the Cosmos SDK's defaults (KVGasConfig, auth params) so that
// gas figures look familiar to wallet authors; all arithmetic is bigint.
import { SDK, sdkError } from './errors.js';

export const KV_GAS = {
  readFlat: 1000n,
  readPerByte: 3n,
  writeFlat: 2000n,
  writePerByte: 30n,
  delete: 1000n,
  iterNext: 30n,
} as const;

export class GasMeter {
  private used = 0n;
  /** limit undefined = infinite (genesis, queries). */
  constructor(readonly limit: bigint | undefined) {}

  get consumed(): bigint {
    return this.used;
  }

  consume(amount: bigint, descriptor: string): void {
    this.used += amount;
    if (this.limit !== undefined && this.used > this.limit) {
      throw sdkError(SDK.OutOfGas, `out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}`);
    }
  }
}
