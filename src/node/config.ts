// Node configuration: typed defaults, config.toml (CometBFT-style snake_case sections) and laddr parsing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';

export interface NodeConfig {
  home: string;
  moniker: string;
  chainId?: string;
  rpc: { laddr: string; maxBodyBytes: number; maxSubscriptionsPerClient: number; maxOpenConnections: number; maxWsClients: number; timeoutBroadcastTxCommitMs: number };
  /**
   * persistentPeers: libp2p multiaddrs ending in /p2p/<peer id>, redialled forever; bootstrapPeers:
   * the same form, dialled while below max_peers / 2 to learn more peers (peer exchange); maxPeers
   * caps open connections.
   */
  p2p: { laddr: string; persistentPeers: string[]; bootstrapPeers: string[]; maxPeers: number };
  consensus: { timeoutProposeMs: number; timeoutPrevoteMs: number; timeoutPrecommitMs: number; timeoutCommitMs: number; createEmptyBlocks: boolean };
  /** verifyThreads: worker threads verifying tx signatures (0 = on the main thread). */
  mempool: { size: number; maxTxBytes: number; maxTxsBytes: number; cacheSize: number; verifyThreads: number };
  /** Content swarm: upload slots (unchoked peers, plus one optimistic) and an upload cap in bytes/s (0 = none). */
  swarm: { maxUploadSlots: number; uploadRateLimit: number };
  /** Minimum gas price this node accepts in CheckTx, e.g. "0.0025useed" (wallets default to 0.025). */
  minGasPrices: string;
  paths: { config: string; genesis: string; privValidatorKey: string; privValidatorState: string; nodeKey: string; data: string };
  /** Test-only switches, set by hidden `start` flags, never read from config.toml. */
  test: { equivocate: boolean; corruptPieces: boolean };
}

const MAX_VERIFY_THREADS = 64;

export class ConfigError extends Error {
  constructor(readonly code: string, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function configPaths(home: string): NodeConfig['paths'] {
  return {
    config: join(home, 'config', 'config.toml'),
    genesis: join(home, 'config', 'genesis.json'),
    privValidatorKey: join(home, 'config', 'priv_validator_key.json'),
    privValidatorState: join(home, 'data', 'priv_validator_state.json'),
    nodeKey: join(home, 'config', 'node_key.json'),
    data: join(home, 'data'),
  };
}

export function defaultConfig(home: string): NodeConfig {
  return {
    home,
    moniker: 'seedcast-node',
    rpc: { laddr: 'tcp://127.0.0.1:26657', maxBodyBytes: 1_000_000, maxSubscriptionsPerClient: 5, maxOpenConnections: 900, maxWsClients: 10_000, timeoutBroadcastTxCommitMs: 10_000 },
    p2p: { laddr: 'tcp://0.0.0.0:26656', persistentPeers: [], bootstrapPeers: [], maxPeers: 50 },
    consensus: { timeoutProposeMs: 3000, timeoutPrevoteMs: 1000, timeoutPrecommitMs: 1000, timeoutCommitMs: 1000, createEmptyBlocks: true },
    mempool: { size: 5000, maxTxBytes: 1_048_576, maxTxsBytes: 1_073_741_824, cacheSize: 10_000, verifyThreads: 2 },
    swarm: { maxUploadSlots: 4, uploadRateLimit: 0 },
    minGasPrices: '0.0025useed',
    paths: configPaths(home),
    test: { equivocate: false, corruptPieces: false },
  };
}

/** Parses CometBFT's "tcp://HOST:PORT" listen address (port 0 = pick a free one). */
export function parseLaddr(s: string): { host: string; port: number } {
  const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(s.trim());
  if (!m) throw new ConfigError('CONFIG_BAD_LADDR', `invalid listen address "${s}": expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:26657`, { laddr: s });
  const port = Number(m[2]);
  if (port > 65535) throw new ConfigError('CONFIG_BAD_LADDR', `invalid listen address "${s}": port ${port} is out of range 0-65535`, { laddr: s });
  const host = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : m[1]!;
  return { host, port };
}

/** Accepts tcp://HOST:PORT or a libp2p multiaddr (/ip4/HOST/tcp/PORT, /ip6/..., /dns4/...). */
export function validateP2pLaddr(s: string): string {
  if (s.startsWith('/')) {
    if (!/^\/(ip4|ip6|dns4|dns6|dns)\/[^/]+\/tcp\/\d{1,5}(\/.*)?$/.test(s)) {
      throw new ConfigError('CONFIG_BAD_LADDR', `invalid p2p multiaddr "${s}": expected e.g. /ip4/0.0.0.0/tcp/26656`, { laddr: s });
    }
    return s;
  }
  parseLaddr(s);
  return s;
}

const PEER_MULTIADDR = /^\/(ip4|ip6|dns4|dns6|dns)\/[^/\s]+\/tcp\/(\d{1,5})\/p2p\/([1-9A-HJ-NP-Za-km-z]{46,128})$/;

/** Checks one persistent (or bootstrap) peer: a libp2p multiaddr that names the peer, /ip4/HOST/tcp/PORT/p2p/PEER_ID. */
export function validatePeerMultiaddr(s: string, kind = 'persistent peer'): string {
  const addr = s.trim();
  if (/^[0-9a-fA-F]{40}@/.test(addr) || /^[^/][^@]*@[^@]+:\d+$/.test(addr)) {
    throw new ConfigError('CONFIG_BAD_PEER', `${kind} "${addr}" is in CometBFT's id@host:port form; Seedcast dials libp2p multiaddrs: /ip4/HOST/tcp/PORT/p2p/PEER_ID`, { peer: addr });
  }
  const m = PEER_MULTIADDR.exec(addr);
  if (!m) throw new ConfigError('CONFIG_BAD_PEER', `invalid ${kind} "${addr}": expected a multiaddr with the peer id, e.g. /ip4/1.2.3.4/tcp/26656/p2p/12D3KooW...`, { peer: addr });
  if (Number(m[2]) === 0 || Number(m[2]) > 65535) throw new ConfigError('CONFIG_BAD_PEER', `invalid ${kind} "${addr}": port must be 1-65535`, { peer: addr });
  return addr;
}

function parsePeerList(value: string | string[], kind: string): string[] {
  const list = typeof value === 'string' ? value.split(',') : value;
  return list.map((x) => x.trim()).filter(Boolean).map((x) => validatePeerMultiaddr(x, kind));
}

/** Splits CometBFT's comma-separated persistent_peers and checks each entry. */
export function parsePersistentPeers(value: string | string[]): string[] {
  return parsePeerList(value, 'persistent peer');
}

/** Splits comma-separated bootstrap_peers and checks each entry like a persistent peer. */
export function parseBootstrapPeers(value: string | string[]): string[] {
  return parsePeerList(value, 'bootstrap peer');
}

/** Parses a duration like "1s", "500ms", "2m" or a bare number of milliseconds. */
export function parseDurationMs(s: string | number): number {
  if (typeof s === 'number' && Number.isInteger(s) && s >= 0) return s;
  const m = /^(\d+)(ms|s|m)?$/.exec(String(s).trim());
  if (!m) throw new ConfigError('CONFIG_BAD_DURATION', `invalid duration "${s}": expected e.g. 1s, 500ms or 2m`, { value: s });
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

type Table = Record<string, unknown>;

function section(doc: Table, name: string): Table {
  const v = doc[name];
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError('CONFIG_BAD_VALUE', `config.toml: [${name}] must be a table`);
  return v as Table;
}

function pick<T>(t: Table, sectionName: string, key: string, fallback: T, kind: 'string' | 'int' | 'bool' | 'strings' | 'duration'): T {
  const v = t[key];
  if (v === undefined) return fallback;
  const where = sectionName ? `${sectionName}.${key}` : key;
  const bad = (want: string): never => { throw new ConfigError('CONFIG_BAD_VALUE', `config.toml: ${where} must be ${want}`, { key: where }); };
  switch (kind) {
    case 'string': return (typeof v === 'string' ? v : bad('a string')) as T;
    case 'bool': return (typeof v === 'boolean' ? v : bad('true or false')) as T;
    case 'int': {
      const n = typeof v === 'bigint' ? Number(v) : v;
      return (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : bad('a non-negative integer')) as T;
    }
    case 'duration': return (typeof v === 'string' || typeof v === 'number' ? parseDurationMs(v) : bad('a duration like "1s"')) as T;
    case 'strings': {
      if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean) as T;
      return (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : bad('a list of strings')) as T;
    }
  }
}

/** Reads <home>/config/config.toml over the defaults; a missing file means defaults. */
export function loadConfig(home: string): NodeConfig {
  const d = defaultConfig(home);
  let text: string;
  try {
    text = readFileSync(d.paths.config, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return d;
    throw e;
  }
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    throw new ConfigError('CONFIG_BAD_TOML', `cannot parse ${d.paths.config}: ${(e as Error).message.split('\n')[0]}`, { path: d.paths.config });
  }
  const rpc = section(doc, 'rpc'), p2p = section(doc, 'p2p'), cons = section(doc, 'consensus'), mem = section(doc, 'mempool'), swarm = section(doc, 'swarm');
  const chainId = pick<string | undefined>(doc, '', 'chain_id', d.chainId, 'string');
  const cfg: NodeConfig = {
    home,
    moniker: pick(doc, '', 'moniker', d.moniker, 'string'),
    ...(chainId ? { chainId } : {}),
    rpc: {
      laddr: pick(rpc, 'rpc', 'laddr', d.rpc.laddr, 'string'),
      maxBodyBytes: pick(rpc, 'rpc', 'max_body_bytes', d.rpc.maxBodyBytes, 'int'),
      maxSubscriptionsPerClient: pick(rpc, 'rpc', 'max_subscriptions_per_client', d.rpc.maxSubscriptionsPerClient, 'int'),
      maxOpenConnections: pick(rpc, 'rpc', 'max_open_connections', d.rpc.maxOpenConnections, 'int'),
      maxWsClients: pick(rpc, 'rpc', 'max_ws_clients', d.rpc.maxWsClients, 'int'),
      timeoutBroadcastTxCommitMs: pick(rpc, 'rpc', 'timeout_broadcast_tx_commit', d.rpc.timeoutBroadcastTxCommitMs, 'duration'),
    },
    p2p: {
      laddr: pick(p2p, 'p2p', 'laddr', d.p2p.laddr, 'string'),
      persistentPeers: parsePersistentPeers(pick(p2p, 'p2p', 'persistent_peers', d.p2p.persistentPeers, 'strings')),
      bootstrapPeers: parseBootstrapPeers(pick(p2p, 'p2p', 'bootstrap_peers', d.p2p.bootstrapPeers, 'strings')),
      maxPeers: pick(p2p, 'p2p', 'max_peers', d.p2p.maxPeers, 'int'),
    },
    consensus: {
      timeoutProposeMs: pick(cons, 'consensus', 'timeout_propose', d.consensus.timeoutProposeMs, 'duration'),
      timeoutPrevoteMs: pick(cons, 'consensus', 'timeout_prevote', d.consensus.timeoutPrevoteMs, 'duration'),
      timeoutPrecommitMs: pick(cons, 'consensus', 'timeout_precommit', d.consensus.timeoutPrecommitMs, 'duration'),
      timeoutCommitMs: pick(cons, 'consensus', 'timeout_commit', d.consensus.timeoutCommitMs, 'duration'),
      createEmptyBlocks: pick(cons, 'consensus', 'create_empty_blocks', d.consensus.createEmptyBlocks, 'bool'),
    },
    mempool: {
      size: pick(mem, 'mempool', 'size', d.mempool.size, 'int'),
      maxTxBytes: pick(mem, 'mempool', 'max_tx_bytes', d.mempool.maxTxBytes, 'int'),
      maxTxsBytes: pick(mem, 'mempool', 'max_txs_bytes', d.mempool.maxTxsBytes, 'int'),
      cacheSize: pick(mem, 'mempool', 'cache_size', d.mempool.cacheSize, 'int'),
      verifyThreads: pick(mem, 'mempool', 'verify_threads', d.mempool.verifyThreads, 'int'),
    },
    swarm: {
      maxUploadSlots: pick(swarm, 'swarm', 'max_upload_slots', d.swarm.maxUploadSlots, 'int'),
      uploadRateLimit: pick(swarm, 'swarm', 'upload_rate_limit', d.swarm.uploadRateLimit, 'int'),
    },
    minGasPrices: pick(doc, '', 'minimum_gas_prices', d.minGasPrices, 'string'),
    paths: d.paths,
    test: d.test,
  };
  parseLaddr(cfg.rpc.laddr);
  validateP2pLaddr(cfg.p2p.laddr);
  if (cfg.mempool.verifyThreads > MAX_VERIFY_THREADS) {
    throw new ConfigError('CONFIG_BAD_VALUE', `config.toml: mempool.verify_threads must be at most ${MAX_VERIFY_THREADS}, got ${cfg.mempool.verifyThreads}`, { key: 'mempool.verify_threads' });
  }
  return cfg;
}

function msToDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function renderConfigToml(cfg: NodeConfig): string {
  const doc: Table = {
    moniker: cfg.moniker,
    ...(cfg.chainId ? { chain_id: cfg.chainId } : {}),
    minimum_gas_prices: cfg.minGasPrices,
    rpc: {
      laddr: cfg.rpc.laddr,
      max_body_bytes: cfg.rpc.maxBodyBytes,
      max_subscriptions_per_client: cfg.rpc.maxSubscriptionsPerClient,
      max_open_connections: cfg.rpc.maxOpenConnections,
      max_ws_clients: cfg.rpc.maxWsClients,
      timeout_broadcast_tx_commit: msToDuration(cfg.rpc.timeoutBroadcastTxCommitMs),
    },
    p2p: {
      laddr: cfg.p2p.laddr,
      persistent_peers: cfg.p2p.persistentPeers.join(','),
      bootstrap_peers: cfg.p2p.bootstrapPeers.join(','),
      max_peers: cfg.p2p.maxPeers,
    },
    consensus: {
      timeout_propose: msToDuration(cfg.consensus.timeoutProposeMs),
      timeout_prevote: msToDuration(cfg.consensus.timeoutPrevoteMs),
      timeout_precommit: msToDuration(cfg.consensus.timeoutPrecommitMs),
      timeout_commit: msToDuration(cfg.consensus.timeoutCommitMs),
      create_empty_blocks: cfg.consensus.createEmptyBlocks,
    },
    mempool: {
      size: cfg.mempool.size,
      max_tx_bytes: cfg.mempool.maxTxBytes,
      max_txs_bytes: cfg.mempool.maxTxsBytes,
      cache_size: cfg.mempool.cacheSize,
      verify_threads: cfg.mempool.verifyThreads,
    },
    swarm: { max_upload_slots: cfg.swarm.maxUploadSlots, upload_rate_limit: cfg.swarm.uploadRateLimit },
  };
  return '# Seedcast node configuration (CometBFT-style sections).\n' + stringifyToml(doc) + '\n';
}

export function writeConfig(cfg: NodeConfig): void {
  writeFileSync(cfg.paths.config, renderConfigToml(cfg), { mode: 0o644 });
}
