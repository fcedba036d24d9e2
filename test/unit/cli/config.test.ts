import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, defaultConfig, loadConfig, parseDurationMs, parseBootstrapPeers, parseLaddr, parsePersistentPeers, validateP2pLaddr, writeConfig } from '../../../src/node/config.js';
import { applyStartFlags } from '../../../src/cli/start.js';
import { isSeedAddress } from '../../../src/keys/keyring.js';
import { fromBech32, toBech32 } from '@cosmjs/encoding';

const PEER_A = '/ip4/1.2.3.4/tcp/26656/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';
const PEER_B = '/dns4/node-b.example/tcp/26656/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N';

function tmpHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-cfg-'));
  fs.mkdirSync(path.join(home, 'config'));
  return home;
}

function errCode(fn: () => unknown): string {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(ConfigError); return (e as ConfigError).code; }
  throw new Error('expected a ConfigError');
}

test('defaults match the brief', () => {
  const c = defaultConfig('/h');
  expect(c.rpc).toEqual({ laddr: 'tcp://127.0.0.1:26657', maxBodyBytes: 1_000_000, maxSubscriptionsPerClient: 5, maxOpenConnections: 900, maxWsClients: 10_000, timeoutBroadcastTxCommitMs: 10_000 });
  expect(c.p2p).toEqual({ laddr: 'tcp://0.0.0.0:26656', persistentPeers: [], bootstrapPeers: [], maxPeers: 50 });
  expect(c.test).toEqual({ equivocate: false, corruptPieces: false });
  expect(c.swarm).toEqual({ maxUploadSlots: 4, uploadRateLimit: 0 });
  expect(c.consensus).toEqual({ timeoutProposeMs: 3000, timeoutPrevoteMs: 1000, timeoutPrecommitMs: 1000, timeoutCommitMs: 1000, createEmptyBlocks: true });
  expect(c.mempool).toEqual({ size: 5000, maxTxBytes: 1048576, maxTxsBytes: 1073741824, cacheSize: 10000, verifyThreads: 2 });
  expect(c.paths).toEqual({
    config: '/h/config/config.toml', genesis: '/h/config/genesis.json', privValidatorKey: '/h/config/priv_validator_key.json',
    privValidatorState: '/h/data/priv_validator_state.json', nodeKey: '/h/config/node_key.json', data: '/h/data',
  });
});

test('writeConfig then loadConfig round-trips every field', () => {
  const home = tmpHome();
  const c = defaultConfig(home);
  c.moniker = 'm1'; c.chainId = 'chain-x'; c.minGasPrices = '0.5useed';
  c.rpc.laddr = 'tcp://127.0.0.1:3000'; c.rpc.timeoutBroadcastTxCommitMs = 1500;
  c.p2p.persistentPeers = [PEER_A, PEER_B];
  c.p2p.bootstrapPeers = [PEER_B];
  c.p2p.maxPeers = 9;
  c.consensus.createEmptyBlocks = false; c.consensus.timeoutCommitMs = 250;
  c.mempool.size = 7; c.mempool.verifyThreads = 0;
  writeConfig(c);
  expect(fs.readFileSync(c.paths.config, 'utf8')).toMatch(/\[consensus\][^[]*create_empty_blocks = false/);
  expect(loadConfig(home)).toEqual(c);
});

test('a missing config.toml means defaults; a partial one overrides only what it sets', () => {
  const home = tmpHome();
  expect(loadConfig(home)).toEqual(defaultConfig(home));
  fs.writeFileSync(path.join(home, 'config', 'config.toml'), '[consensus]\ntimeout_commit = "500ms"\n[mempool]\nsize = 12\n');
  const c = loadConfig(home);
  expect(c.consensus.timeoutCommitMs).toBe(500);
  expect(c.mempool.size).toBe(12);
  expect(c.rpc).toEqual(defaultConfig(home).rpc);
});

test('bad config.toml content gives clear errors', () => {
  const home = tmpHome();
  const file = path.join(home, 'config', 'config.toml');
  const cases: [string, string, RegExp][] = [
    ['[rpc\nladdr = 1', 'CONFIG_BAD_TOML', /cannot parse/],
    ['[rpc]\nladdr = "localhost:26657"', 'CONFIG_BAD_LADDR', /expected tcp:\/\/HOST:PORT/],
    ['[rpc]\nmax_body_bytes = "big"', 'CONFIG_BAD_VALUE', /rpc\.max_body_bytes must be a non-negative integer/],
    ['[consensus]\ncreate_empty_blocks = "no"', 'CONFIG_BAD_VALUE', /true or false/],
    ['[consensus]\ntimeout_commit = "soon"', 'CONFIG_BAD_DURATION', /invalid duration/],
    ['rpc = 5', 'CONFIG_BAD_VALUE', /\[rpc\] must be a table/],
    ['[p2p]\nladdr = "/ip4/1.2.3.4/udp/5"', 'CONFIG_BAD_LADDR', /multiaddr/],
    ['[mempool]\nverify_threads = -1', 'CONFIG_BAD_VALUE', /mempool\.verify_threads must be a non-negative integer/],
    ['[mempool]\nverify_threads = 65', 'CONFIG_BAD_VALUE', /mempool\.verify_threads must be at most 64/],
  ];
  for (const [text, code, msg] of cases) {
    fs.writeFileSync(file, text);
    expect(errCode(() => loadConfig(home))).toBe(code);
    expect(() => loadConfig(home)).toThrow(msg);
  }
});

test('parseLaddr accepts tcp://HOST:PORT and nothing else', () => {
  expect(parseLaddr('tcp://127.0.0.1:26657')).toEqual({ host: '127.0.0.1', port: 26657 });
  expect(parseLaddr('tcp://0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
  expect(parseLaddr('tcp://[::1]:80')).toEqual({ host: '::1', port: 80 });
  expect(parseLaddr('tcp://localhost:1')).toEqual({ host: 'localhost', port: 1 });
  for (const bad of ['127.0.0.1:26657', 'http://127.0.0.1:26657', 'tcp://127.0.0.1', 'tcp://127.0.0.1:70000', 'tcp://:80', 'tcp://a b:1', '']) {
    expect(errCode(() => parseLaddr(bad))).toBe('CONFIG_BAD_LADDR');
  }
  expect(() => parseLaddr('tcp://127.0.0.1:99999')).toThrow(/out of range/);
});

test('p2p laddr may be a multiaddr; durations parse', () => {
  expect(validateP2pLaddr('/ip4/0.0.0.0/tcp/26656')).toBe('/ip4/0.0.0.0/tcp/26656');
  expect(validateP2pLaddr('tcp://0.0.0.0:26656')).toBe('tcp://0.0.0.0:26656');
  expect(errCode(() => validateP2pLaddr('/ip4/0.0.0.0'))).toBe('CONFIG_BAD_LADDR');
  expect(parseDurationMs('1s')).toBe(1000);
  expect(parseDurationMs('250ms')).toBe(250);
  expect(parseDurationMs('2m')).toBe(120_000);
  expect(parseDurationMs(5)).toBe(5);
  for (const bad of ['1.5s', '-1s', '1h', '', 's']) expect(errCode(() => parseDurationMs(bad))).toBe('CONFIG_BAD_DURATION');
});

test('persistent peers are libp2p multiaddrs naming the peer; CometBFT id@host:port is refused clearly', () => {
  expect(parsePersistentPeers(` ${PEER_A} , ${PEER_B},`)).toEqual([PEER_A, PEER_B]);
  expect(parsePersistentPeers('')).toEqual([]);
  expect(errCode(() => parsePersistentPeers('f00dbabe00000000000000000000000000000001@1.2.3.4:26656'))).toBe('CONFIG_BAD_PEER');
  expect(() => parsePersistentPeers('abc@host:26656')).toThrow(/id@host:port form.*\/ip4\/HOST\/tcp\/PORT\/p2p\/PEER_ID/);
  for (const bad of ['/ip4/1.2.3.4/tcp/26656', '/ip4/1.2.3.4/tcp/0/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp', '/ip4/1.2.3.4/udp/1/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp', '/ip4/1.2.3.4/tcp/1/p2p/0OIl', 'tcp://1.2.3.4:26656']) {
    expect(errCode(() => parsePersistentPeers(bad))).toBe('CONFIG_BAD_PEER');
  }
  const home = tmpHome();
  fs.writeFileSync(path.join(home, 'config', 'config.toml'), `[p2p]\npersistent_peers = "${PEER_A},${PEER_B}"\nmax_peers = 3\n`);
  expect(loadConfig(home).p2p).toEqual({ laddr: 'tcp://0.0.0.0:26656', persistentPeers: [PEER_A, PEER_B], bootstrapPeers: [], maxPeers: 3 });
  fs.writeFileSync(path.join(home, 'config', 'config.toml'), '[p2p]\npersistent_peers = "id@1.2.3.4:5"\n');
  expect(errCode(() => loadConfig(home))).toBe('CONFIG_BAD_PEER');
});

test('bootstrap peers are checked like persistent peers, in config.toml and as a flag', () => {
  expect(parseBootstrapPeers(` ${PEER_B} ,`)).toEqual([PEER_B]);
  expect(errCode(() => parseBootstrapPeers('/ip4/1.2.3.4/tcp/26656'))).toBe('CONFIG_BAD_PEER');
  expect(() => parseBootstrapPeers('abc@host:26656')).toThrow(/^bootstrap peer "abc@host:26656" is in CometBFT's id@host:port form/);
  const home = tmpHome();
  fs.writeFileSync(path.join(home, 'config', 'config.toml'), `[p2p]\nbootstrap_peers = "${PEER_A},${PEER_B}"\n`);
  expect(loadConfig(home).p2p).toMatchObject({ persistentPeers: [], bootstrapPeers: [PEER_A, PEER_B] });
  fs.writeFileSync(path.join(home, 'config', 'config.toml'), '[p2p]\nbootstrap_peers = "/ip4/1.2.3.4/tcp/0/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"\n');
  expect(() => loadConfig(home)).toThrow(/invalid bootstrap peer .*port must be 1-65535/);
  expect(applyStartFlags(defaultConfig('/h'), { 'p2p.bootstrap_peers': `${PEER_A}` }).p2p.bootstrapPeers).toEqual([PEER_A]);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'p2p.bootstrap_peers': 'tcp://1.2.3.4:26656' })).toThrow(/invalid bootstrap peer/);
});

test('start flags override the config; bad flags fail before anything starts', () => {
  const c = applyStartFlags(defaultConfig('/h'), {
    'rpc.laddr': 'tcp://127.0.0.1:0', 'p2p.laddr': '/ip4/127.0.0.1/tcp/0', 'consensus.create_empty_blocks': 'false', 'timeout-commit': '200ms',
  });
  expect(c.rpc.laddr).toBe('tcp://127.0.0.1:0');
  expect(c.p2p.laddr).toBe('/ip4/127.0.0.1/tcp/0');
  expect(c.consensus.createEmptyBlocks).toBe(false);
  expect(c.consensus.timeoutCommitMs).toBe(200);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'rpc.laddr': '127.0.0.1:26657' })).toThrow(/expected tcp:\/\/HOST:PORT/);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'consensus.create_empty_blocks': 'maybe' })).toThrow(/true or false/);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'timeout-commit': 'fast' })).toThrow(/invalid duration/);
  const t = applyStartFlags(defaultConfig('/h'), {
    'p2p.persistent_peers': `${PEER_A},${PEER_B}`, 'p2p.max_peers': '7', 'consensus.timeout_commit': '500ms', 'consensus.timeout_propose': '2s',
    'consensus.timeout_prevote': '300ms', 'consensus.timeout_precommit': '400ms', 'test.equivocate': true,
  });
  expect(t.p2p.persistentPeers).toEqual([PEER_A, PEER_B]);
  expect(t.p2p.maxPeers).toBe(7);
  expect(t.consensus).toMatchObject({ timeoutCommitMs: 500, timeoutProposeMs: 2000, timeoutPrevoteMs: 300, timeoutPrecommitMs: 400 });
  expect(t.test.equivocate).toBe(true);
  expect(applyStartFlags(defaultConfig('/h'), {}).test.equivocate).toBe(false);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'p2p.persistent_peers': 'id@1.2.3.4:26656' })).toThrow(/libp2p multiaddrs/);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'p2p.max_peers': '0' })).toThrow(/positive integer/);
  expect(() => applyStartFlags(defaultConfig('/h'), { 'consensus.timeout_prevote': '1x' })).toThrow(/invalid duration/);
});

test('isSeedAddress checks prefix, checksum and length', () => {
  expect(isSeedAddress('seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag')).toBe(true);
  expect(isSeedAddress('seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achah')).toBe(false);
  const data = fromBech32('seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag', 90).data;
  expect(isSeedAddress(toBech32('cosmos', data))).toBe(false);
  expect(isSeedAddress(toBech32('seed', data.slice(0, 19)))).toBe(false);
  expect(isSeedAddress('seed1')).toBe(false);
  expect(isSeedAddress('')).toBe(false);
});
