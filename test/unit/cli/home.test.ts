import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { initHome, homeExists, resolveHome, readDevnetAccounts } from '../../../src/node/home.js';
import { loadConfig, ConfigError } from '../../../src/node/config.js';
import { Keyring } from '../../../src/keys/keyring.js';
import { loadPrivValidatorKey } from '../../../src/consensus/privval.js';

const readJson = (p: string): any => JSON.parse(fs.readFileSync(p, 'utf8'));
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-home-'));

/** Checks a CometBFT ed25519 key: seed||pub, the seed really derives pub, and it signs. */
function checkEd25519(priv: { type: string; value: string }, pubB64: string): void {
  expect(priv.type).toBe('tendermint/PrivKeyEd25519');
  const raw = Buffer.from(priv.value, 'base64');
  expect(raw).toHaveLength(64);
  expect(raw.subarray(32).toString('base64')).toBe(pubB64);
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: raw.subarray(0, 32).toString('base64url'), x: raw.subarray(32).toString('base64url') }, format: 'jwk' });
  expect(createPublicKey(key).export({ format: 'jwk' }).x).toBe(raw.subarray(32).toString('base64url'));
  const sig = sign(null, Buffer.from('msg'), key);
  expect(verify(null, Buffer.from('msg'), createPublicKey(key), sig)).toBe(true);
}

describe('devnet genesis files', () => {
  test('devnet-accounts.json: six public accounts whose addresses match their mnemonics', async () => {
    const doc = readJson(path.join(process.cwd(), 'genesis', 'devnet-accounts.json'));
    expect(doc.warning).toMatch(/DEVNET ONLY/);
    expect(doc.accounts.map((a: { name: string }) => a.name)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
    for (const a of doc.accounts) {
      expect(a.mnemonic.split(' ')).toHaveLength(24);
      const [acc] = await (await DirectSecp256k1HdWallet.fromMnemonic(a.mnemonic, { prefix: 'seed' })).getAccounts();
      expect(acc!.address).toBe(a.address);
    }
  });

  test('devnet.json funds every devnet account with 1,000,000,000 SEED', () => {
    const g = readJson(path.join(process.cwd(), 'genesis', 'devnet.json'));
    const addrs = readDevnetAccounts().map((a) => a.address);
    expect(g.chain_id).toBe('seedcast-devnet');
    expect(g.initial_height).toBe('1');
    expect(g.validators).toEqual([]);
    expect(g.consensus_params.block).toEqual({ max_bytes: '4194304', max_gas: '1000000000' });
    expect(g.app_state.auth.accounts).toEqual(addrs.map((address) => ({ address })));
    expect(g.app_state.bank.balances).toEqual(addrs.map((address) => ({ address, coins: [{ denom: 'useed', amount: '1000000000000000' }] })));
    expect(g.app_state.social).toEqual({ profiles: [] });
  });
});

describe('initHome', () => {
  test('--devnet creates every file with the right shapes and a keyring of alice..frank', async () => {
    const home = path.join(tmp(), 'h');
    expect(homeExists(home)).toBe(false);
    const r = await initHome({ home, devnet: true });
    expect(homeExists(home)).toBe(true);
    const cfg = loadConfig(home);
    expect(cfg.chainId).toBe('seedcast-devnet');
    expect(r.keys).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);

    const pv = readJson(cfg.paths.privValidatorKey);
    expect(pv.pub_key.type).toBe('tendermint/PubKeyEd25519');
    const pub = Buffer.from(pv.pub_key.value, 'base64');
    expect(pv.address).toBe(createHash('sha256').update(pub).digest().subarray(0, 20).toString('hex').toUpperCase());
    expect(r.validatorAddress).toBe(pv.address);
    checkEd25519(pv.priv_key, pv.pub_key.value);
    expect(Buffer.from(loadPrivValidatorKey(cfg.paths.privValidatorKey).pubKey).toString('base64')).toBe(pv.pub_key.value);

    const nk = readJson(cfg.paths.nodeKey);
    checkEd25519(nk.priv_key, Buffer.from(nk.priv_key.value, 'base64').subarray(32).toString('base64'));
    expect(loadPrivValidatorKey(cfg.paths.nodeKey).pubKey).toHaveLength(32); // same key-file format the signer reads
    expect(nk.priv_key.value).not.toBe(pv.priv_key.value);

    expect(readJson(cfg.paths.privValidatorState)).toEqual({ height: '0', round: 0, step: 0 });
    for (const p of [cfg.paths.privValidatorKey, cfg.paths.nodeKey, cfg.paths.privValidatorState]) expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    expect(fs.statSync(cfg.paths.data).isDirectory()).toBe(true);

    const g = readJson(cfg.paths.genesis);
    const devnet = readJson(path.join(process.cwd(), 'genesis', 'devnet.json'));
    expect(g.validators).toEqual([{ address: pv.address, pub_key: pv.pub_key, power: '10', name: cfg.moniker }]);
    // The validator enters through staking: alice bonds 10 SEED, everything else is devnet.json.
    const [sv] = g.app_state.staking.validators;
    expect(sv).toMatchObject({ status: 'BOND_STATUS_BONDED', tokens: '10000000', consensus_pubkey: { key: pv.pub_key.value } });
    expect(g.app_state.staking.delegations).toEqual([expect.objectContaining({ delegator_address: readDevnetAccounts()[0]!.address, validator_address: sv.operator_address })]);
    const bal = (a: string) => g.app_state.bank.balances.find((b: any) => b.address === a)?.coins[0].amount;
    expect(bal(readDevnetAccounts()[0]!.address)).toBe(String(1_000_000_000_000_000n - 10_000_000n));
    for (const a of readDevnetAccounts().slice(1)) expect(bal(a.address)).toBe('1000000000000000');
    expect(g.app_state.bank.balances).toHaveLength(7); // six accounts and the bonded pool
    expect({ ...g, validators: [], app_state: { ...g.app_state, bank: devnet.app_state.bank, staking: devnet.app_state.staking } }).toEqual(devnet);

    const kr = Keyring.open(home, 'test');
    const expected = readDevnetAccounts().map((a) => ({ name: a.name, address: a.address }));
    expect(kr.list().map((k) => ({ name: k.name, address: k.address }))).toEqual(expected);
    const [acc] = await (await kr.signer('alice')).getAccounts();
    expect(acc!.address).toBe(expected[0]!.address);
  });

  test('refuses to overwrite an existing home, leaving it untouched', async () => {
    const home = path.join(tmp(), 'h');
    await initHome({ home, devnet: true });
    const before = fs.readFileSync(path.join(home, 'config', 'priv_validator_key.json'), 'utf8');
    await expect(initHome({ home, devnet: true })).rejects.toMatchObject({ code: 'HOME_EXISTS' });
    await expect(initHome({ home })).rejects.toThrow(/refusing to overwrite/);
    expect(fs.readFileSync(path.join(home, 'config', 'priv_validator_key.json'), 'utf8')).toBe(before);
  });

  test('a plain home gets its own chain id, an empty app state and no keys', async () => {
    const home = path.join(tmp(), 'h');
    const r = await initHome({ home, chainId: 'my-chain-1', moniker: 'val-a' });
    const g = readJson(path.join(home, 'config', 'genesis.json'));
    expect(g.chain_id).toBe('my-chain-1');
    expect(g.genesis_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Its validator is bonded from a keyless account funded for the bond plus 1 SEED.
    const [op, pool] = g.app_state.bank.balances;
    expect(g.app_state.bank.balances).toHaveLength(2);
    expect(op.coins).toEqual([{ denom: 'useed', amount: '1000000' }]);
    expect(pool.coins).toEqual([{ denom: 'useed', amount: '10000000' }]);
    expect(g.app_state.staking.delegations[0].delegator_address).toBe(op.address);
    expect(g.validators[0].name).toBe('val-a');
    expect(g.validators[0].power).toBe('10');
    expect(r.keys).toEqual([]);
    expect(fs.existsSync(path.join(home, 'keyring-test'))).toBe(false);
    expect(loadConfig(home).moniker).toBe('val-a');
  });

  test('a bad chain id is refused before anything is written', async () => {
    const home = path.join(tmp(), 'h');
    await expect(initHome({ home, chainId: 'bad chain!' })).rejects.toBeInstanceOf(ConfigError);
    expect(fs.existsSync(home)).toBe(false);
  });

  test('resolveHome: flag, then SEEDCAST_HOME, then ~/.seedcast', () => {
    const saved = process.env.SEEDCAST_HOME;
    try {
      process.env.SEEDCAST_HOME = '/tmp/from-env';
      expect(resolveHome('/x/y')).toBe('/x/y');
      expect(resolveHome()).toBe('/tmp/from-env');
      delete process.env.SEEDCAST_HOME;
      expect(resolveHome()).toBe(path.join(os.homedir(), '.seedcast'));
      expect(resolveHome('~/abc')).toBe(path.join(os.homedir(), 'abc'));
    } finally {
      if (saved === undefined) delete process.env.SEEDCAST_HOME; else process.env.SEEDCAST_HOME = saved;
    }
  });
});
