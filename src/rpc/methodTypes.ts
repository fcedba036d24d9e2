// The shape of an RPC method and what it may use.
import type { RpcBackend } from './interface.js';
import type { ParamSpec, ParamValues } from './params.js';
import type { SubscriptionHub, SubscriberHandle } from './subscriptions.js';
import type { TxWaiters } from './txWaiters.js';

export interface MethodDeps {
  backend: RpcBackend;
  subscriptions: SubscriptionHub;
  txWaiters: TxWaiters;
  timeoutBroadcastTxCommitMs: number;
  /** The address the RPC listens on, reported by status. */
  rpcAddress: string;
}

/** Per call: the websocket client making it, if any (subscribe needs one). */
export interface CallContext {
  subscriber?: SubscriberHandle;
  /** The JSON-RPC id of the call (subscriptions push their events with it). */
  id: string | number | null;
}

export interface MethodDef {
  params: readonly ParamSpec[];
  /** Only over a websocket (subscribe and friends), as in CometBFT. */
  wsOnly?: boolean;
  run(p: ParamValues, deps: MethodDeps, ctx: CallContext): unknown;
}

export const int = (name: string): ParamSpec => ({ name, type: 'int' });
export const str = (name: string): ParamSpec => ({ name, type: 'string' });
export const bytes = (name: string): ParamSpec => ({ name, type: 'bytes' });
export const hex = (name: string): ParamSpec => ({ name, type: 'hex' });
export const bool = (name: string): ParamSpec => ({ name, type: 'bool' });

export const asInt = (v: unknown): bigint | undefined => (typeof v === 'bigint' ? v : undefined);
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const asBytes = (v: unknown): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);
export const asBool = (v: unknown): boolean => v === true;
