// RpcServer options and their defaults (CometBFT's where it has one).
export interface RpcServerOptions {
  /** CometBFT form: "tcp://127.0.0.1:26657" (port 0 picks a free one). */
  laddr: string;
  /** Largest request body (HTTP and websocket message). CometBFT's max_body_bytes. */
  maxBodyBytes?: number;
  /** CometBFT's max_subscriptions_per_client. */
  maxSubscriptionsPerClient?: number;
  /** Websocket clients at once (CometBFT accepts 100 subscription clients; we hold 10,000). */
  maxClients?: number;
  /** HTTP connections at once. CometBFT's max_open_connections. */
  maxOpenConnections?: number;
  /** CometBFT's timeout_broadcast_tx_commit. */
  timeoutBroadcastTxCommitMs?: number;
  /** A websocket client whose unsent data passes this is too slow and is dropped. */
  wsMaxSendBufferBytes?: number;
  /** Ping interval; a client that missed the previous pong is dropped. */
  wsPingIntervalMs?: number;
  /** Origins allowed by CORS; empty (the default) = CORS off. "*" allows any. */
  corsAllowedOrigins?: string[];
}

export type ResolvedRpcOptions = Required<RpcServerOptions>;

export const RPC_DEFAULTS: Omit<ResolvedRpcOptions, 'laddr'> = {
  maxBodyBytes: 1_000_000,
  maxSubscriptionsPerClient: 5,
  maxClients: 10_000,
  maxOpenConnections: 900,
  timeoutBroadcastTxCommitMs: 10_000,
  wsMaxSendBufferBytes: 4 * 1024 * 1024,
  wsPingIntervalMs: 30_000,
  corsAllowedOrigins: [],
};

export function resolveRpcOptions(opts: RpcServerOptions): ResolvedRpcOptions {
  const out: ResolvedRpcOptions = { ...RPC_DEFAULTS, ...stripUndefined(opts), laddr: opts.laddr };
  for (const k of ['maxBodyBytes', 'maxSubscriptionsPerClient', 'maxClients', 'maxOpenConnections', 'timeoutBroadcastTxCommitMs', 'wsMaxSendBufferBytes', 'wsPingIntervalMs'] as const) {
    if (!Number.isSafeInteger(out[k]) || out[k] <= 0) throw new RpcConfigError(`rpc option ${k} must be a positive integer, got ${String(out[k])}`);
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class RpcConfigError extends Error {
  readonly code = 'RPC_CONFIG_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'RpcConfigError';
  }
}

/** "tcp://127.0.0.1:26657", "127.0.0.1:26657" or "tcp://[::1]:26657" -> host and port. */
export function parseRpcLaddr(laddr: string): { host: string; port: number } {
  const m = /^(?:tcp:\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/\s]+):([0-9]{1,5})$/.exec(laddr.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new RpcConfigError(`rpc laddr must look like tcp://HOST:PORT, got ${JSON.stringify(laddr)}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}
