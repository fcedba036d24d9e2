import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { createTestnet, testnetPorts, verifyThreadsPerNode } from '../../../src/cli/testnet.js';
import { NODE_V8_FLAGS } from '../../../src/cli/nodeFlags.js';
import { loadConfig } from '../../../src/node/config.js';
import { readDevnetAccounts } from '../../../src/node/home.js';
import { Keyring } from '../../../src/keys/keyring.js';
import { nodePeerId } from '../../../src/p2p/nodeKey.js';
import { spawn } from 'node:child_process';
import { freePortRange, runCli } from '../../helpers/testnet.js';
import { ROOT } from '../../helpers/devnet.js';

const readJson = (p: string): any => JSON.parse(fs.readFileSync(p, 'utf8'));
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-tn-'));

test('verify threads per node: the share of the cores beyond each main thread, at most 2', () => {
  expect(verifyThreadsPerNode(4, 2)).toBe(0);
  expect(verifyThreadsPerNode(1, 2)).toBe(1);
  expect(verifyThreadsPerNode(4, 8)).toBe(1);
  expect(verifyThreadsPerNode(4, 64)).toBe(2);
  expect(verifyThreadsPerNode(10, 4)).toBe(0);
});

test('port scheme: node i has P2P on base+2i and RPC on base+2i+1', () => {
  expect(testnetPorts(26600, 0)).toEqual({ p2p: 26600, rpc: 26601 });
  expect(testnetPorts(26600, 3)).toEqual({ p2p: 26606, rpc: 26607 });
});

test('createTestnet: homes with their own keys, one genesis with equal bonded validators, full peer mesh, shared keyrings', async () => {
  const dir = path.join(tmp(), 'tn');
  const { manifest, accounts } = await createTestnet({ dir, validators: 3, basePort: 31000, accounts: 7, chainId: 'tn-1' });

  expect(manifest.chain_id).toBe('tn-1');
  expect(manifest.nodes.map((n) => n.name)).toEqual(['node0', 'node1', 'node2']);
  expect(readJson(path.join(dir, 'testnet.json'))).toEqual(manifest);
  expect(readJson(path.join(dir, 'accounts.json'))).toEqual(accounts);
  expect(fs.statSync(path.join(dir, 'accounts.json')).mode & 0o777).toBe(0o600);

  // The first six are the devnet's accounts; the seventh is fresh and its mnemonic derives its address.
  expect(accounts.slice(0, 6)).toEqual(readDevnetAccounts());
  expect(accounts[6]!.name).toBe('grace');
  const [g7] = await (await DirectSecp256k1HdWallet.fromMnemonic(accounts[6]!.mnemonic, { prefix: 'seed' })).getAccounts();
  expect(g7!.address).toBe(accounts[6]!.address);

  const genesisText = fs.readFileSync(path.join(dir, 'node0', 'config', 'genesis.json'), 'utf8');
  const g = JSON.parse(genesisText);
  expect(g.chain_id).toBe('tn-1');
  expect(g.validators).toHaveLength(3);
  expect(new Set(g.validators.map((v: any) => v.power))).toEqual(new Set(['10']));
  expect(g.app_state.staking.validators).toHaveLength(3);
  for (const a of accounts) expect(g.app_state.bank.balances.find((b: any) => b.address === a.address).coins).toEqual([{ denom: 'useed', amount: '1000000000000000' }]);

  const pvPubs = new Set<string>();
  manifest.nodes.forEach((node, i) => {
    expect(fs.readFileSync(path.join(node.home, 'config', 'genesis.json'), 'utf8')).toBe(genesisText);
    const cfg = loadConfig(node.home);
    const { p2p, rpc } = testnetPorts(31000, i);
    expect(cfg.rpc.laddr).toBe(`tcp://127.0.0.1:${rpc}`);
    expect(node.rpc).toBe(`http://127.0.0.1:${rpc}`);
    expect(cfg.p2p.laddr).toBe(`/ip4/127.0.0.1/tcp/${p2p}`);
    expect(cfg.mempool.verifyThreads).toBe(verifyThreadsPerNode(3));
    expect(node.p2p).toBe(`/ip4/127.0.0.1/tcp/${p2p}/p2p/${nodePeerId(cfg.paths.nodeKey)}`);
    expect(cfg.p2p.persistentPeers).toEqual(manifest.nodes.filter((_, j) => j !== i).map((n) => n.p2p));
    expect(cfg.consensus.timeoutCommitMs).toBe(500);
    expect(cfg.moniker).toBe(`node${i}`);
    pvPubs.add(readJson(cfg.paths.privValidatorKey).pub_key.value);

    // Every keyring: all accounts plus this node's own operator key, which owns its validator.
    const keys = Keyring.open(node.home, 'test').list();
    expect(keys.map((k) => k.name)).toEqual([...accounts.map((a) => a.name), 'validator'].sort());
    expect(keys.find((k) => k.name === 'validator')!.address).toBe(node.operator);
    expect(g.app_state.staking.delegations.map((d: any) => d.delegator_address)).toContain(node.operator);
  });
  expect(pvPubs).toEqual(new Set(g.validators.map((v: any) => v.pub_key.value)));
  expect(new Set(manifest.nodes.map((n) => n.operator)).size).toBe(3);

  // Never over existing homes.
  await expect(createTestnet({ dir, validators: 3, basePort: 31000 })).rejects.toThrow(/already exists/);
});

test('createTestnet refuses bad sizes and port ranges before writing anything', async () => {
  const dir = path.join(tmp(), 'tn');
  await expect(createTestnet({ dir, validators: 0 })).rejects.toThrow(/--validators must be 1-64/);
  await expect(createTestnet({ dir, validators: 4, basePort: 65530 })).rejects.toThrow(/--base-port/);
  await expect(createTestnet({ dir, validators: 4, accounts: 0 })).rejects.toThrow(/--accounts must be/);
  expect(fs.existsSync(dir)).toBe(false);
});

describe('seedcast testnet (CLI)', () => {
  test('--no-start generates, a second run reuses and says so, mismatches and bad flags are clear errors', () => {
    const dir = path.join(tmp(), 'tn');
    const out = JSON.parse(runCli(['testnet', '--validators', '2', '--home', dir, '--no-start', '--base-port', '31100', '--output', 'json']));
    expect(out.chain_id).toBe('seedcast-testnet');
    expect(out.nodes).toHaveLength(2);
    expect(out.accounts.map((a: any) => a.name)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
    expect(JSON.stringify(out)).not.toMatch(/mnemonic/); // printed: names and addresses only

    const before = fs.readFileSync(path.join(dir, 'node0', 'config', 'priv_validator_key.json'), 'utf8');
    expect(runCli(['testnet', '--home', dir, '--no-start'])).toMatch(/Reusing the existing testnet/);
    expect(fs.readFileSync(path.join(dir, 'node0', 'config', 'priv_validator_key.json'), 'utf8')).toBe(before);

    expect(() => runCli(['testnet', '--validators', '3', '--home', dir, '--no-start'])).toThrow(/already holds a 2-validator testnet/);
    expect(() => runCli(['testnet', '--home', path.join(tmp(), 'x'), '--no-start'])).toThrow(/--validators N is required/);
    expect(() => runCli(['testnet', '--validators', '2', '--no-start'])).toThrow(/--home DIR is required/);
    expect(() => runCli(['testnet', '--validators', 'four', '--home', path.join(tmp(), 'y'), '--no-start'])).toThrow(/positive integer/);
  });
});

describe('seedcast testnet (supervisor)', () => {
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

  test('starts one node per home, records their pids, and on SIGTERM stops them all and exits 0', async () => {
    const dir = path.join(tmp(), 'tn');
    const base = await freePortRange(4);
    const sup = spawn(process.execPath, [path.join(ROOT, 'bin', 'seedcast'), 'testnet', '--validators', '2', '--home', dir, '--base-port', String(base)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    sup.stdout!.on('data', (d) => (out += d));
    sup.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => sup.once('exit', (code) => r(code)));
    try {
      // Up: both RPCs answer and testnet.json names live pids.
      const deadline = Date.now() + 40_000;
      let pids: number[] = [];
      for (;;) {
        if (sup.exitCode !== null) throw new Error(`supervisor exited early:\n${out}`);
        if (fs.existsSync(path.join(dir, 'testnet.json'))) {
          const m = readJson(path.join(dir, 'testnet.json'));
          pids = m.nodes.map((n: any) => n.pid).filter(Boolean);
          const up = await Promise.all(m.nodes.map((n: any) => fetch(`${n.rpc}/health`).then((r) => r.ok, () => false)));
          if (pids.length === 2 && up.every(Boolean)) break;
        }
        if (Date.now() > deadline) throw new Error(`nodes not up in time:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out).toMatch(/Created a 2-validator testnet/);
      expect(pids.every(alive)).toBe(true);
      // Each node runs with the node's V8 flags (src/cli/nodeFlags.ts).
      for (const pid of pids) expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining([...NODE_V8_FLAGS]));
      expect(fs.existsSync(path.join(dir, 'node0', 'node.log'))).toBe(true);

      sup.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(pids.some(alive)).toBe(false);
      expect(out).toMatch(/SIGTERM: stopping 2 node/);
      expect(readJson(path.join(dir, 'testnet.json')).nodes.map((n: any) => n.pid)).toEqual([null, null]);
    } finally {
      if (sup.exitCode === null) sup.kill('SIGKILL');
    }
  }, 60_000);
});
