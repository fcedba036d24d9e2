// `seedcast testnet`: N validator homes sharing one genesis on 127.0.0.1, and (unless --no-start)
// a foreground supervisor that runs `seedcast start` for each and stops them all on SIGINT/SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Bip39, Random } from '@cosmjs/crypto';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { AGENT_KEY_FILE, loadOrCreateAgentKey } from '../keys/agentKey.js';
import { ADDRESS_PREFIX, Keyring } from '../keys/keyring.js';
import { writeConfig } from '../node/config.js';
import { nodePeerId } from '../p2p/nodeKey.js';
import { addGenesisKeyAgent } from '../state/modules/staking/genesisBuilder.js';
import { addGenesisAccount, addValidatorToGenesis, blankGenesis, genesisTimeNow, homeExists, initHome, readDevnetAccounts, REPO_ROOT, writeGenesis, type DevnetAccount } from '../node/home.js';
import { CliError, parse, print, requirePositionals, str, type OutputFormat } from './common.js';
import { NODE_V8_FLAGS } from './nodeFlags.js';

export const TESTNET_USAGE = 'seedcast testnet --validators N --home DIR [--no-start] [--chain-id seedcast-testnet] [--base-port 26600] [--accounts 6]';

/** Node i listens for P2P on base + 2i and for RPC on base + 2i + 1. */
export function testnetPorts(basePort: number, i: number): { p2p: number; rpc: number } {
  return { p2p: basePort + 2 * i, rpc: basePort + 2 * i + 1 };
}

/** `operator`: the validator's account, key "validator" in that node's test keyring. */
export interface TestnetNode { name: string; home: string; rpc: string; p2p: string; pid: number | null; operator: string }
export interface TestnetManifest { chain_id: string; nodes: TestnetNode[] }

export interface CreateTestnetOptions {
  dir: string;
  validators: number;
  chainId?: string;
  basePort?: number;
  accounts?: number;
}

const ACCOUNT_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter'];
const ACCOUNT_BALANCE = 1_000_000_000_000_000n; // 10^9 SEED each, as on the devnet
const VALIDATOR_POWER = 10n;
const OPERATOR_BALANCE = 1_010_000_000n; // the 10 SEED self-bond plus 1,000 SEED for fees
/**
 * Verify threads for each of n nodes on this machine: its share of the cores beyond its main
 * thread, at most the default 2. Four nodes on two cores get none: every core is already busy
 * with some node's main thread, and handing small batches to threads cost ~6% more CPU per tx
 * than verifying inline (bench:consensus: 2.41 -> 2.27 ms per tx, medians of 3 alternating runs).
 */
export function verifyThreadsPerNode(n: number, cores = availableParallelism()): number {
  return Math.max(0, Math.min(2, Math.floor(cores / n) - 1));
}

/** Timeouts for validators on one machine: blocks every ~0.5-1 s, a dead proposer costs ~1 s. */
const LOCAL_TIMEOUTS = { timeoutProposeMs: 1000, timeoutPrevoteMs: 500, timeoutPrecommitMs: 500, timeoutCommitMs: 500 };

export const manifestPath = (dir: string): string => join(dir, 'testnet.json');
export const accountsPath = (dir: string): string => join(dir, 'accounts.json');

/** The first six are the devnet's public accounts; more get fresh mnemonics. */
async function testnetAccounts(count: number): Promise<DevnetAccount[]> {
  const devnet = readDevnetAccounts();
  const out: DevnetAccount[] = [];
  for (let i = 0; i < count; i++) {
    if (i < devnet.length) { out.push(devnet[i]!); continue; }
    const mnemonic = Bip39.encode(Random.getBytes(32)).toString();
    const [acct] = await (await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: ADDRESS_PREFIX })).getAccounts();
    out.push({ name: ACCOUNT_NAMES[i] ?? `account${i}`, mnemonic, address: acct!.address });
  }
  return out;
}

export function readManifest(dir: string): TestnetManifest | undefined {
  const p = manifestPath(dir);
  if (!existsSync(p)) return undefined;
  const m = JSON.parse(readFileSync(p, 'utf8')) as TestnetManifest;
  if (typeof m?.chain_id !== 'string' || !Array.isArray(m.nodes)) throw new CliError('CLI_BAD_TESTNET', `${p} is not a testnet manifest`);
  return m;
}

function writeManifest(dir: string, m: TestnetManifest): void {
  writeFileSync(manifestPath(dir), JSON.stringify(m, null, 2) + '\n');
}

/** Generates DIR/node0..node{N-1}, DIR/testnet.json and DIR/accounts.json; refuses to touch existing homes. */
export async function createTestnet(opts: CreateTestnetOptions): Promise<{ manifest: TestnetManifest; accounts: DevnetAccount[] }> {
  const dir = resolve(opts.dir);
  const n = opts.validators;
  const basePort = opts.basePort ?? 26600;
  const chainId = opts.chainId ?? 'seedcast-testnet';
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError('CLI_BAD_ARGS', `--validators must be 1-64, got ${n}`);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort + 2 * n > 65535) throw new CliError('CLI_BAD_ARGS', `--base-port must leave room for ${2 * n} ports in 1024-65535, got ${basePort}`);
  const accountCount = opts.accounts ?? 6;
  if (!Number.isInteger(accountCount) || accountCount < 1 || accountCount > 1000) throw new CliError('CLI_BAD_ARGS', `--accounts must be 1-1000, got ${accountCount}`);

  const accounts = await testnetAccounts(accountCount);
  mkdirSync(dir, { recursive: true });
  const homes = Array.from({ length: n }, (_, i) => join(dir, `node${i}`));
  for (const h of homes) if (homeExists(h)) throw new CliError('CLI_HOME_EXISTS', `${h} already exists; remove ${dir} or use another --home`);

  // Phase 1: each home with its own keys; phase 2: one genesis naming every validator, and peers.
  const made = [];
  for (let i = 0; i < n; i++) {
    const { p2p, rpc } = testnetPorts(basePort, i);
    const r = await initHome({
      home: homes[i]!,
      chainId,
      moniker: `node${i}`,
      accounts: accounts.map(({ name, mnemonic }) => ({ name, mnemonic })),
      configure: (cfg) => {
        cfg.rpc.laddr = `tcp://127.0.0.1:${rpc}`;
        cfg.p2p.laddr = `/ip4/127.0.0.1/tcp/${p2p}`;
        Object.assign(cfg.consensus, LOCAL_TIMEOUTS);
        cfg.mempool.verifyThreads = verifyThreadsPerNode(n);
      },
    });
    const operator = (await Keyring.open(homes[i]!, 'test').add('validator')).address;
    const agentKey = loadOrCreateAgentKey(join(dirname(r.config.paths.config), AGENT_KEY_FILE));
    made.push({ r, p2p, rpc, operator, peerId: nodePeerId(r.config.paths.nodeKey), agentPublicKey: agentKey.publicKey });
  }
  const genesis = blankGenesis(chainId, genesisTimeNow()) as Record<string, any>;
  for (const a of accounts) addGenesisAccount(genesis, a.address, ACCOUNT_BALANCE);
  for (const m of made) addGenesisAccount(genesis, m.operator, OPERATOR_BALANCE);
  made.forEach((m, i) => addValidatorToGenesis(genesis, { name: `node${i}`, pubKey: m.r.validatorPubKey, power: VALIDATOR_POWER, operator: m.operator }));
  const peerAddrs = made.map((m) => `/ip4/127.0.0.1/tcp/${m.p2p}/p2p/${m.peerId}`);
  // Every validator is a custody key agent from block 1: creators can deal shares on a fresh testnet.
  made.forEach((m, i) => addGenesisKeyAgent(genesis, { operator: m.operator, x25519PublicKey: m.agentPublicKey, peerId: m.peerId, addrs: [peerAddrs[i]!] }));
  made.forEach(({ r }, i) => {
    writeGenesis(homes[i]!, genesis);
    r.config.p2p.persistentPeers = peerAddrs.filter((_, j) => j !== i);
    writeConfig(r.config);
  });

  const manifest: TestnetManifest = {
    chain_id: chainId,
    nodes: made.map((m, i) => ({ name: `node${i}`, home: homes[i]!, rpc: `http://127.0.0.1:${m.rpc}`, p2p: peerAddrs[i]!, pid: null, operator: m.operator })),
  };
  writeManifest(dir, manifest);
  // Test accounts: mnemonics on disk for scripts (the first six are public devnet ones anyway).
  writeFileSync(accountsPath(dir), JSON.stringify(accounts, null, 2) + '\n', { mode: 0o600 });
  return { manifest, accounts };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

function summary(dir: string, m: TestnetManifest, accounts: DevnetAccount[], note: string): string {
  return [
    note,
    `chain ${m.chain_id}, ${m.nodes.length} validators (${manifestPath(dir)}):`,
    ...m.nodes.map((x) => `  ${x.name}  rpc ${x.rpc}  pid ${x.pid ?? '-'}  home ${x.home}\n         p2p ${x.p2p}`),
    `accounts (in every node's test keyring; mnemonics in ${accountsPath(dir)}):`,
    ...accounts.map((a) => `  ${a.name.padEnd(8)} ${a.address}`),
  ].join('\n');
}

export async function testnetCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('testnet', argv, {
    validators: { type: 'string' },
    'no-start': { type: 'boolean' },
    'chain-id': { type: 'string' },
    'base-port': { type: 'string' },
    accounts: { type: 'string' },
  });
  requirePositionals('testnet', positionals, [], TESTNET_USAGE);
  const homeFlag = str(values, 'home');
  if (!homeFlag) throw new CliError('CLI_BAD_ARGS', `testnet: --home DIR is required\nusage: ${TESTNET_USAGE}`);
  const dir = resolve(homeFlag);
  const int = (name: string, fallback?: number): number | undefined => {
    const v = str(values, name);
    if (v === undefined) return fallback;
    if (!/^\d{1,6}$/.test(v)) throw new CliError('CLI_BAD_ARGS', `--${name} must be a positive integer, got "${v}"`);
    return Number(v);
  };

  let manifest = readManifest(dir);
  let accounts: DevnetAccount[];
  let note: string;
  if (manifest) {
    const wanted = int('validators');
    if (wanted !== undefined && wanted !== manifest.nodes.length) {
      throw new CliError('CLI_TESTNET_EXISTS', `${dir} already holds a ${manifest.nodes.length}-validator testnet; remove it to make one with ${wanted}`);
    }
    accounts = JSON.parse(readFileSync(accountsPath(dir), 'utf8')) as DevnetAccount[];
    note = `Reusing the existing testnet in ${dir} (homes kept, nothing regenerated)`;
  } else {
    if (existsSync(dir) && readdirSync(dir).some((f) => /^node\d+$/.test(f))) {
      throw new CliError('CLI_HOME_EXISTS', `${dir} has node homes but no testnet.json; remove it or use another --home`);
    }
    const validators = int('validators');
    if (validators === undefined) throw new CliError('CLI_BAD_ARGS', `testnet: --validators N is required\nusage: ${TESTNET_USAGE}`);
    ({ manifest, accounts } = await createTestnet({ dir, validators, chainId: str(values, 'chain-id'), basePort: int('base-port'), accounts: int('accounts') }));
    note = `Created a ${validators}-validator testnet in ${dir}`;
  }

  if (values['no-start'] === true) {
    report(output, dir, manifest, accounts, note);
    return;
  }
  await supervise(dir, manifest, accounts, output, note);
}

function report(output: OutputFormat, dir: string, m: TestnetManifest, accounts: DevnetAccount[], note: string): void {
  print(output, { ...m, accounts: accounts.map(({ name, address }) => ({ name, address })) }, summary(dir, m, accounts, note));
}

const STOP_GRACE_MS = 10_000;

/** Runs every node as a child process until SIGINT/SIGTERM; restarts nothing by itself. */
async function supervise(dir: string, manifest: TestnetManifest, accounts: DevnetAccount[], output: OutputFormat, note: string): Promise<void> {
  for (const node of manifest.nodes) {
    for (const port of [Number(new URL(node.rpc).port), Number(/\/tcp\/(\d+)/.exec(node.p2p)![1])]) {
      if (!(await portFree(port))) throw new CliError('CLI_PORT_IN_USE', `${node.name}: port ${port} is in use (another testnet still running?); stop it or use --base-port on a new --home`);
    }
  }
  const children = new Map<string, ChildProcess>();
  const exited = new Set<string>();
  let stopping = false;
  let allExited!: () => void;
  const done = new Promise<void>((r) => (allExited = r));
  for (const node of manifest.nodes) {
    const log = openSync(join(node.home, 'node.log'), 'a');
    const child = spawn(process.execPath, [...NODE_V8_FLAGS, join(REPO_ROOT, 'bin', 'seedcast'), 'start', '--home', node.home], { stdio: ['ignore', log, log] });
    closeSync(log);
    node.pid = child.pid ?? null;
    children.set(node.name, child);
    child.once('exit', (code, signal) => {
      exited.add(node.name);
      process.stderr.write(`${node.name} (pid ${child.pid}) exited ${signal ? `on ${signal}` : `with code ${code}`}${stopping ? '' : `; see ${join(node.home, 'node.log')}`}\n`);
      if (exited.size === children.size) allExited();
    });
  }
  writeManifest(dir, manifest);
  report(output, dir, manifest, accounts, note);
  if (output === 'text') process.stdout.write('Nodes running; logs in each home\'s node.log. Ctrl-C stops them all.\n');

  const stopAll = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${sig}: stopping ${children.size - exited.size} node(s)...\n`);
    for (const [name, c] of children) if (!exited.has(name)) c.kill('SIGTERM');
    setTimeout(() => {
      for (const [name, c] of children) if (!exited.has(name)) { process.stderr.write(`${name} still running after ${STOP_GRACE_MS / 1000} s: SIGKILL\n`); c.kill('SIGKILL'); }
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  await done;
  process.off('SIGINT', stopAll);
  process.off('SIGTERM', stopAll);
  for (const node of manifest.nodes) node.pid = null;
  writeManifest(dir, manifest);
  if (!stopping) {
    process.stderr.write('every node has exited; testnet stopped\n');
    process.exitCode = 1;
  }
}
