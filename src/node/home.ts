// Node home creation (CometBFT/Cosmos layout): config/, data/, validator and node keys, genesis.
import { generateKeyPairSync, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { defaultConfig, writeConfig, ConfigError, type NodeConfig } from './config.js';
import { Keyring } from '../keys/keyring.js';
import { generatePrivValidatorKey } from '../consensus/privval.js';
import { toBech32Address } from '../codec/address.js';
import { addGenesisValidator, GenesisBuildError } from '../state/modules/staking/genesisBuilder.js';
import { POWER_REDUCTION } from '../state/modules/staking/params.js';

export const DEVNET_CHAIN_ID = 'seedcast-devnet';
export const DEVNET_VALIDATOR_POWER = '10';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEVNET_GENESIS_PATH = join(REPO_ROOT, 'genesis', 'devnet.json');
export const DEVNET_ACCOUNTS_PATH = join(REPO_ROOT, 'genesis', 'devnet-accounts.json');

export interface DevnetAccount { name: string; mnemonic: string; address: string }

/** A validator as it enters a genesis: its consensus key, equal power, and the account that bonds it. */
export interface GenesisValidatorSpec {
  name: string;
  /** base64 ed25519 public key (priv_validator_key.json pub_key.value). */
  pubKey: string;
  /** Consensus power; the self-bond is power x 10^6 useed. */
  power: bigint;
  /** bech32 account that owns the validator (its operator address is the same bytes as seedvaloper). */
  operator: string;
}

/** Genesis time as CometBFT writes it (RFC 3339, whole seconds). */
export function genesisTimeNow(): string {
  // init/testnet are user commands, not consensus: the wall clock is fine for a new chain's genesis time.
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

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
export function blankGenesis(chainId: string, genesisTime: string): Record<string, unknown> {
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

/** Funds `address` in a genesis doc (auth account + bank balance). */
export function addGenesisAccount(genesis: Record<string, any>, address: string, amount: bigint): void {
  genesis.app_state.auth.accounts.push({ address });
  genesis.app_state.bank.balances.push({ address, coins: [{ denom: 'useed', amount: amount.toString() }] });
}

/** Puts a validator into a genesis doc through the staking module's builder: bonded from its operator's balance. */
export function addValidatorToGenesis(genesis: Record<string, any>, v: GenesisValidatorSpec): void {
  try {
    addGenesisValidator(genesis, { operator: v.operator, consensusPubKey: new Uint8Array(Buffer.from(v.pubKey, 'base64')), moniker: v.name, selfDelegation: v.power * POWER_REDUCTION });
  } catch (e) {
    if (e instanceof GenesisBuildError) throw new ConfigError(e.code, `genesis validator ${v.name}: ${e.message}`, e.context);
    throw e;
  }
}

/** An account nobody holds a key for, named after a consensus key (operator of a plain home's validator). */
function keylessOperator(pubKeyB64: string): string {
  return toBech32Address(createHash('sha256').update(Buffer.from(pubKeyB64, 'base64')).digest().subarray(0, 20));
}

/** Overwrites a home's genesis.json (testnet: every home gets the same document). */
export function writeGenesis(home: string, genesis: unknown): void {
  writeFileSync(defaultConfig(home).paths.genesis, JSON.stringify(genesis, null, 2) + '\n', { mode: 0o644 });
}

export interface InitHomeOptions {
  home: string;
  chainId?: string;
  moniker?: string;
  devnet?: boolean;
  /** Applied to the config before it is written (e.g. flags of `start --devnet`). */
  configure?: (cfg: NodeConfig) => void;
  /** Keys put in the test keyring (besides the devnet's six with `devnet`). */
  accounts?: { name: string; mnemonic: string }[];
}

export interface InitHomeResult {
  config: NodeConfig;
  chainId: string;
  validatorAddress: string;
  validatorPubKey: string;
  /** Names of the keys put in the test keyring (devnet, or `accounts`). */
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

  const genesis = opts.devnet ? JSON.parse(readFileSync(DEVNET_GENESIS_PATH, 'utf8')) : blankGenesis(chainId, genesisTimeNow());
  genesis.chain_id = chainId;
  genesis.validators = [];
  // The devnet validator is alice's (she can edit or unjail it). A plain home has no accounts:
  // its validator is bonded from a keyless account funded for exactly that (plus 1 SEED).
  const power = BigInt(DEVNET_VALIDATOR_POWER);
  let operator = readDevnetAccounts()[0]!.address;
  if (!opts.devnet) {
    operator = keylessOperator(pv.pub_key.value);
    addGenesisAccount(genesis, operator, power * POWER_REDUCTION + 1_000_000n);
  }
  addValidatorToGenesis(genesis, { name: cfg.moniker, pubKey: pv.pub_key.value, power, operator });
  writeFileSync(cfg.paths.genesis, JSON.stringify(genesis, null, 2) + '\n', { mode: 0o644, flag: 'wx' });

  const keys: string[] = [];
  const devnetAccounts = opts.devnet ? readDevnetAccounts() : [];
  for (const a of [...devnetAccounts, ...(opts.accounts ?? [])]) {
    const added = await Keyring.open(home, 'test').add(a.name, { mnemonic: a.mnemonic });
    const expected = devnetAccounts.find((d) => d.name === a.name)?.address;
    if (expected && added.address !== expected) throw new ConfigError('DEVNET_ACCOUNT_MISMATCH', `devnet account ${a.name}: mnemonic derives ${added.address}, file says ${expected}`, { name: a.name });
    keys.push(a.name);
  }
  writeConfig(cfg);
  return { config: cfg, chainId, validatorAddress: pv.address, validatorPubKey: pv.pub_key.value, keys };
}
