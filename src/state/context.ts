// What a module handler sees while it runs: a gas-metered store, the gas meter, an event
// sink and the block it runs in. No clock and no randomness: time comes from the header.
import type { EventManager } from './events.js';
import type { GasMeter } from './gas.js';
import type { KV } from './store/kv.js';

export type ExecMode = 'check' | 'recheck' | 'simulate' | 'deliver';

export interface BlockInfo {
  chainId: string;
  height: bigint;
  /** Block time from the header, in milliseconds since the epoch. */
  timeMs: bigint;
}

export interface Ctx {
  kv: KV;
  gas: GasMeter;
  events: EventManager;
  block: BlockInfo;
  mode: ExecMode;
}

/** Read access for query handlers: committed state only. */
export interface QueryView {
  height: bigint;
  get(key: Uint8Array): Uint8Array | undefined;
  /** Committed key/value pairs under a prefix, in key order. */
  iterate(prefix: Uint8Array, opts?: { start?: Uint8Array; limit?: number }): AsyncIterable<[Uint8Array, Uint8Array]>;
}
