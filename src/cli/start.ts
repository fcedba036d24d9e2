// `seedcast start`: load the home's config, apply flags, run the node until SIGINT/SIGTERM.
import { loadConfig, parseBootstrapPeers, parseDurationMs, parseLaddr, parsePersistentPeers, validateP2pLaddr, type NodeConfig } from '../node/config.js';
import { homeExists, initHome } from '../node/home.js';
import { CliError, homeOf, parse, print, requirePositionals, str, type Values } from './common.js';

export const START_USAGE =
  'seedcast start [--home DIR] [--devnet] [--rpc.laddr tcp://127.0.0.1:26657] [--p2p.laddr tcp://0.0.0.0:26656|MULTIADDR] ' +
  '[--p2p.persistent_peers /ip4/H/tcp/P/p2p/ID,...] [--p2p.bootstrap_peers /ip4/H/tcp/P/p2p/ID,...] [--p2p.max_peers N] [--consensus.create_empty_blocks=false] ' +
  '[--consensus.timeout_commit 1s] [--consensus.timeout_propose 3s] [--consensus.timeout_prevote 1s] [--consensus.timeout_precommit 1s] ' +
  '[--swarm.upload_rate_limit BYTES_PER_S] [--swarm.max_upload_slots 4]';

/** `start` flags; `--test.equivocate` and `--test.corrupt_pieces` are for the e2e tests only and stay out of the usage text. */
export const START_OPTIONS = {
  devnet: { type: 'boolean' },
  'rpc.laddr': { type: 'string' },
  'p2p.laddr': { type: 'string' },
  'p2p.persistent_peers': { type: 'string' },
  'p2p.bootstrap_peers': { type: 'string' },
  'p2p.max_peers': { type: 'string' },
  'consensus.create_empty_blocks': { type: 'string' },
  'consensus.timeout_commit': { type: 'string' },
  'consensus.timeout_propose': { type: 'string' },
  'consensus.timeout_prevote': { type: 'string' },
  'consensus.timeout_precommit': { type: 'string' },
  'timeout-commit': { type: 'string' },
  'minimum-gas-prices': { type: 'string' },
  'swarm.upload_rate_limit': { type: 'string' },
  'swarm.max_upload_slots': { type: 'string' },
  'test.equivocate': { type: 'boolean' },
  'test.corrupt_pieces': { type: 'boolean' },
} as const;

const TIMEOUT_FLAGS = [
  ['consensus.timeout_propose', 'timeoutProposeMs'],
  ['consensus.timeout_prevote', 'timeoutPrevoteMs'],
  ['consensus.timeout_precommit', 'timeoutPrecommitMs'],
  ['consensus.timeout_commit', 'timeoutCommitMs'],
  ['timeout-commit', 'timeoutCommitMs'],
] as const;


function parseBool(name: string, v: string): boolean {
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  throw new CliError('CLI_BAD_ARGS', `--${name} must be true or false, got "${v}"`);
}

/** Lets `--consensus.create_empty_blocks` stand alone as well as `=true|false`. */
function normaliseBoolFlags(argv: string[]): string[] {
  return argv.map((a, i) => (a === '--consensus.create_empty_blocks' && !['true', 'false'].includes(argv[i + 1] ?? '') ? `${a}=true` : a));
}

export function applyStartFlags(cfg: NodeConfig, values: Values): NodeConfig {
  const rpc = str(values, 'rpc.laddr');
  if (rpc !== undefined) { parseLaddr(rpc); cfg.rpc.laddr = rpc; }
  const p2p = str(values, 'p2p.laddr');
  if (p2p !== undefined) cfg.p2p.laddr = validateP2pLaddr(p2p);
  const empty = str(values, 'consensus.create_empty_blocks');
  if (empty !== undefined) cfg.consensus.createEmptyBlocks = parseBool('consensus.create_empty_blocks', empty);
  const peers = str(values, 'p2p.persistent_peers');
  if (peers !== undefined) cfg.p2p.persistentPeers = parsePersistentPeers(peers);
  const bootstrap = str(values, 'p2p.bootstrap_peers');
  if (bootstrap !== undefined) cfg.p2p.bootstrapPeers = parseBootstrapPeers(bootstrap);
  const maxPeers = str(values, 'p2p.max_peers');
  if (maxPeers !== undefined) {
    if (!/^\d{1,6}$/.test(maxPeers) || Number(maxPeers) < 1) throw new CliError('CLI_BAD_ARGS', `--p2p.max_peers must be a positive integer, got "${maxPeers}"`);
    cfg.p2p.maxPeers = Number(maxPeers);
  }
  for (const [flag, field] of TIMEOUT_FLAGS) {
    const v = str(values, flag);
    if (v !== undefined) cfg.consensus[field] = parseDurationMs(v);
  }
  for (const [flag, field] of [['swarm.upload_rate_limit', 'uploadRateLimit'], ['swarm.max_upload_slots', 'maxUploadSlots']] as const) {
    const v = str(values, flag);
    if (v === undefined) continue;
    if (!/^\d{1,12}$/.test(v)) throw new CliError('CLI_BAD_ARGS', `--${flag} must be a non-negative integer, got "${v}"`);
    cfg.swarm[field] = Number(v);
  }
  if (values['test.equivocate'] === true) cfg.test.equivocate = true;
  if (values['test.corrupt_pieces'] === true) cfg.test.corruptPieces = true;
  const gas = str(values, 'minimum-gas-prices');
  if (gas !== undefined) cfg.minGasPrices = gas;
  return cfg;
}

export async function startCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('start', normaliseBoolFlags(argv), START_OPTIONS);
  requirePositionals('start', positionals, [], START_USAGE);
  const home = homeOf(values);
  if (!homeExists(home)) {
    if (!values.devnet) throw new CliError('CLI_NO_HOME', `${home} is not initialised: run "seedcast init --home ${home}" first, or "seedcast start --devnet"`);
    const r = await initHome({ home, devnet: true });
    process.stderr.write(`Created devnet home ${home} (chain ${r.chainId}, keys ${r.keys.join(', ')})\n`);
  }
  const cfg = applyStartFlags(loadConfig(home), values);

  // Loaded only here, so that keys/tx/query commands do not pay for the whole node.
  const { startNode } = await import('../node/node.js');
  let node;
  try {
    node = await startNode(cfg, { log: (line) => process.stderr.write(line.endsWith('\n') ? line : line + '\n') });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
      throw new CliError('CLI_LISTEN_FAILED', `cannot listen on ${err.address ?? '?'}:${err.port ?? '?'} (${err.code}); is another node running? pick another with --rpc.laddr / --p2p.laddr`);
    }
    throw e;
  }

  const { host } = parseLaddr(cfg.rpc.laddr);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const rpcUrl = `http://${shownHost}:${node.rpcPort}`;
  print(output, { rpc: rpcUrl, home, chain_id: cfg.chainId ?? null }, `Seedcast node running, RPC ${rpcUrl} (home ${home}); Ctrl-C to stop`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (sig: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`${sig} again: exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      process.stderr.write(`${sig}: stopping the node...\n`);
      node.stop().then(
        () => resolve(),
        (e: unknown) => { process.stderr.write(`error while stopping: ${(e as Error).message}\n`); process.exitCode = 1; resolve(); },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    node.halted.then((err) => {
      process.stderr.write(`consensus halted: ${err.message}; stopping the node\n`);
      process.exitCode = 1;
      void node.stop().finally(resolve);
    });
  });
}
