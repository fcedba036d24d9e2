// Node home creation (CometBFT/Cosmos layout): config/, data/, validator and node keys, genesis.
import { generateKeyPairSync, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { defaultConfig, writeConfig, ConfigError, type NodeConfig } from './config.js';
import { Keyring } from '../keys/keyring.js';
import { generatePrivValidatorKey } from '../consensus/privval.js';

export const DEVNET_CHAIN_ID = 'seedcast-devnet';
export const DEVNET_VALIDATOR_POWER = '10';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEVNET_GENESIS_PATH = join(REPO_ROOT, 'genesis', 'devnet.json');
export const DEVNET_ACCOUNTS_PATH = join(REPO_ROOT, 'genesis', 'devnet-accounts.json');

export interface DevnetAccount { name: string; mnemonic: string; address: string }

export interface PrivValidatorKeyFile {
  address: string;
  pub_key: { type: 'tendermint/PubKeyEd25519'; value: string };
  priv_key: { type: 'tendermint/PrivKeyEd25519'; value: string };
}

/** `--home`, else $SEEDCAST_HOME, else ~/.seedcast. */
export function resolveHome(flag?: string): string {
  const h = flag ?? process.env.SEEDCAST_HOME ?? join(homedir(), '.seedcast');
  return resolve(h.startsWith('~/') ? join(homedir(), h.slice(2)) : h);
}

/** A home counts as initialised once it has a genesis or a config. */
export function homeExists(home: string): boolean {
  const p = defaultConfig(home).paths;
  return existsSync(p.genesis) || existsSync(p.config);
}

/** A fresh ed25519 key in CometBFT's key-file shape (address = sha256(pub)[0:20]); used for node_key.json. */
export function newEd25519KeyFile(): PrivValidatorKeyFile {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const address = createHash('sha256').update(pub).digest().subarray(0, 20).toString('hex').toUpperCase();
  return {
    address,
    pub_key: { type: 'tendermint/PubKeyEd25519', value: pub.toString('base64') },
    priv_key: { type: 'tendermint/PrivKeyEd25519', value: Buffer.concat([seed, pub]).toString('base64') },
  };
}

function writeSecretJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
}

export function readDevnetAccounts(): DevnetAccount[] {
  const doc = JSON.parse(readFileSync(DEVNET_ACCOUNTS_PATH, 'utf8')) as { accounts: DevnetAccount[] };
  return doc.accounts;
}

/** An empty genesis in the devnet's shape, for non-devnet homes. */
function blankGenesis(chainId: string, genesisTime: string): Record<string, unknown> {
  const g = JSON.parse(readFileSync(DEVNET_GENESIS_PATH, 'utf8')) as Record<string, any>;
  g.chain_id = chainId;
  g.genesis_time = genesisTime;
  g.validators = [];
  g.app_state.auth.accounts = [];
  g.app_state.bank.balances = [];
  g.app_state.bank.supply = [];
  g.app_state.social = { profiles: [] };
  return g;
}

export interface InitHomeOptions {
  home: string;
  chainId?: string;
  moniker?: string;
  devnet?: boolean;
  /** Applied to the config before it is written (e.g. flags of `start --devnet`). */
  configure?: (cfg: NodeConfig) => void;
}

export interface InitHomeResult {
  config: NodeConfig;
  chainId: string;
  validatorAddress: string;
  validatorPubKey: string;
  /** Names of the keys put in the test keyring (devnet only). */
  keys: string[];
}

/** Creates a node home; refuses to touch one that already exists. */
export async function initHome(opts: InitHomeOptions): Promise<InitHomeResult> {
  const home = resolve(opts.home);
  if (homeExists(home)) {
    throw new ConfigError('HOME_EXISTS', `${home} is already initialised (found config/); refusing to overwrite it. Use another --home or remove it first.`, { home });
  }
  const chainId = opts.chainId ?? (opts.devnet ? DEVNET_CHAIN_ID : 'seedcast-local');
  if (!/^[a-zA-Z0-9_.-]{1,50}$/.test(chainId)) throw new ConfigError('CONFIG_BAD_CHAIN_ID', `invalid chain id "${chainId}": use 1-50 of letters, digits, _ . -`, { chainId });
  const cfg = defaultConfig(home);
  cfg.moniker = opts.moniker ?? (opts.devnet ? 'devnet-validator' : 'seedcast-node');
  cfg.chainId = chainId;
  opts.configure?.(cfg);

  mkdirSync(dirname(cfg.paths.config), { recursive: true, mode: 0o700 });
  mkdirSync(cfg.paths.data, { recursive: true, mode: 0o700 });

  // The consensus signer owns its key format; node_key.json uses the same CometBFT shape.
  generatePrivValidatorKey(cfg.paths.privValidatorKey);
  const pv = JSON.parse(readFileSync(cfg.paths.privValidatorKey, 'utf8')) as PrivValidatorKeyFile;
  writeSecretJson(cfg.paths.nodeKey, { priv_key: newEd25519KeyFile().priv_key });
  writeFileSync(cfg.paths.privValidatorState, JSON.stringify({ height: '0', round: 0, step: 0 }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });

  // init is a user command, not consensus: the wall clock is fine for a new chain's genesis time.
  const genesis = opts.devnet ? JSON.parse(readFileSync(DEVNET_GENESIS_PATH, 'utf8')) : blankGenesis(chainId, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  genesis.chain_id = chainId;
  genesis.validators = [{ address: pv.address, pub_key: pv.pub_key, power: DEVNET_VALIDATOR_POWER, name: cfg.moniker }];
  writeFileSync(cfg.paths.genesis, JSON.stringify(genesis, null, 2) + '\n', { mode: 0o644, flag: 'wx' });

  const keys: string[] = [];
  if (opts.devnet) {
    const kr = Keyring.open(home, 'test');
    for (const a of readDevnetAccounts()) {
      const added = await kr.add(a.name, { mnemonic: a.mnemonic });
      if (added.address !== a.address) throw new ConfigError('DEVNET_ACCOUNT_MISMATCH', `devnet account ${a.name}: mnemonic derives ${added.address}, file says ${a.address}`, { name: a.name });
      keys.push(a.name);
    }
  }
  writeConfig(cfg);
  return { config: cfg, chainId, validatorAddress: pv.address, validatorPubKey: pv.pub_key.value, keys };
}
