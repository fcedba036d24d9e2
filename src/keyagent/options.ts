// Key agent options and their defaults.

export interface KeyAgentOptions {
  /** A request's height may be at most this far below the latest committed height. */
  heightWindow?: bigint;
  /** Requests per second one peer may make (token rate). */
  perPeerPerSec?: number;
  /** Requests one peer may make at once (bucket size). */
  perPeerBurst?: number;
  /** Requests per minute for one license, whoever asks (a minute's worth may come at once). */
  perLicensePerMin?: number;
  /** Requests handled at once; beyond, RATE_LIMITED ("busy"). */
  maxInflight?: number;
  /** Answers one stream may have in flight; beyond, RATE_LIMITED. */
  maxStreamInflight?: number;
  /** Inbound streams of the protocol one connection may hold open. */
  maxInboundStreams?: number;
  /** Time a peer has to send its first request on a stream. */
  readTimeoutMs?: number;
  /** Nonces remembered at once; beyond, new requests are refused until old ones age out. */
  maxNonces?: number;
}

export type ResolvedKeyAgentOptions = Required<KeyAgentOptions>;

/** A request may name a height this far above the agent's own (the asker's node may be ahead). */
export const FUTURE_HEIGHT_SLACK = 2n;

export const DEFAULT_KEY_AGENT_OPTIONS: ResolvedKeyAgentOptions = {
  heightWindow: 20n,
  perPeerPerSec: 50,
  perPeerBurst: 100,
  perLicensePerMin: 30,
  maxInflight: 256,
  maxStreamInflight: 128,
  maxInboundStreams: 64,
  readTimeoutMs: 5_000,
  maxNonces: 200_000,
};

export function resolveKeyAgentOptions(opts: KeyAgentOptions = {}): ResolvedKeyAgentOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_KEY_AGENT_OPTIONS, ...defined } as ResolvedKeyAgentOptions;
}
