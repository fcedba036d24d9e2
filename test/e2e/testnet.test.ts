// Four validators as real processes on 127.0.0.1: a tx crosses the network, the chain survives
// one kill -9 and halts (safely) with two, and every node agrees on every block it shares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { rpcCall } from '../helpers/devnet.js';
import { Testnet, txHeight, type TestnetNode } from '../helpers/testnet.js';

jest.setTimeout(180_000);

describe('four validators on 127.0.0.1', () => {
  let net: Testnet;

  async function clientFor(node: TestnetNode, name: string): Promise<{ client: SigningStargateClient; address: string }> {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(net.account(name).mnemonic, { prefix: 'seed' });
    const [{ address }] = await wallet.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed') });
    return { client, address };
  }

  /** Sends 1useed transfers from `name` through `node` until stopped; returns the committed tx hashes. */
  function txLoad(node: TestnetNode, name: string, to: string): { stop: () => Promise<string[]> } {
    let running = true;
    const committed: string[] = [];
    const loop = (async () => {
      const { client, address } = await clientFor(node, name);
      while (running) {
        try {
          const r = await client.sendTokens(address, to, [{ denom: 'useed', amount: '1' }], 'auto');
          if (r.code === 0) committed.push(r.transactionHash);
        } catch {
          await new Promise((r) => setTimeout(r, 200)); // a timeout under faults: try again
        }
      }
      client.disconnect();
    })();
    return { stop: async () => { running = false; await loop; return committed; } };
  }

  function validatorAddress(node: TestnetNode): string {
    return JSON.parse(readFileSync(join(node.info.home, 'config', 'priv_validator_key.json'), 'utf8')).address;
  }

  /** Validator addresses whose precommits are in the last commit of block `height`. */
  async function signersAt(rpc: string, height: number): Promise<string[]> {
    const j = await rpcCall(rpc, 'block', { height: String(height) });
    return (j.result.block.last_commit.signatures as { block_id_flag: number; validator_address: string }[])
      .filter((s) => s.block_id_flag === 2)
      .map((s) => s.validator_address);
  }

  /** No block in [1, top] carries evidence (every evidence_hash is the empty-list hash of block 1). */
  async function assertNoEvidence(rpc: string, top: number): Promise<void> {
    const first = (await rpcCall(rpc, 'block', { height: '1' })).result.block.header.evidence_hash;
    for (let h = 2; h <= top; h++) {
      const j = await rpcCall(rpc, 'block', { height: String(h) });
      expect({ h, evidence: j.result.block.header.evidence_hash }).toEqual({ h, evidence: first });
    }
  }

  beforeAll(async () => {
    net = await Testnet.create({ validators: 4 });
    net.startAll();
    await net.waitForHeight(2, { timeoutMs: 60_000 });
  });

  afterEach(async () => {
    if (net) await net.assertAgreement();
  });

  afterAll(async () => {
    await net?.stopAll();
  });

  test('a tx sent with cosmjs to node0 is committed and visible on node3', async () => {
    const [n0, , , n3] = net.nodes;
    const { client, address } = await clientFor(n0!, 'alice');
    const res = await client.sendTokens(address, net.account('bob').address, [{ denom: 'useed', amount: '12345' }], 'auto');
    client.disconnect();
    expect(res.code).toBe(0);
    await net.waitForHeight(res.height, { nodes: [n3!] });
    expect(await txHeight(n3!.rpc, res.transactionHash)).toBe(res.height);
  });

  test('net_info lists the three other nodes by peer id, with their heights', async () => {
    const ids = net.nodes.slice(1).map((n) => n.info.p2p.split('/p2p/')[1]).sort();
    let peers: { node_info: { id: string; network: string }; latest_block_height: string }[] = [];
    for (let i = 0; i < 50 && peers.length < 3; i++, await new Promise((r) => setTimeout(r, 200))) {
      peers = (await rpcCall(net.nodes[0]!.rpc, 'net_info')).result.peers;
    }
    expect(peers.map((p) => p.node_info.id).sort()).toEqual(ids);
    for (const p of peers) {
      expect(p.node_info.network).toBe(net.chainId);
      expect(Number(p.latest_block_height)).toBeGreaterThan(0);
    }
  });

  test('kill -9 one of four under tx load: the chain keeps committing; restarted, it catches up and signs again, no double sign', async () => {
    const [n0, , n2] = net.nodes;
    const load = txLoad(n0!, 'carol', net.account('dave').address);
    await net.waitForHeight((await net.maxHeight()) + 2);
    await n2!.kill9();

    const atKill = await net.maxHeight();
    await net.waitForHeight(atKill + 4, { timeoutMs: 30_000 }); // three of four (30 of 40 power) > 2/3
    n2!.start();
    const target = (await net.maxHeight()) + 3;
    await net.waitForHeight(target, { nodes: net.nodes, timeoutMs: 60_000 });

    // It signs again: its precommit shows up in a later block's last commit.
    const addr = validatorAddress(n2!);
    let signed = false;
    for (let h = target + 1; h <= target + 8 && !signed; h++) {
      await net.waitForHeight(h, { nodes: [n0!] });
      signed = (await signersAt(n0!.rpc, h)).includes(addr);
    }
    expect(signed).toBe(true);

    const committed = await load.stop();
    expect(committed.length).toBeGreaterThan(0);
    for (const hash of committed) expect(await txHeight(n2!.rpc, hash)).toBeGreaterThan(0);
    await assertNoEvidence(n0!.rpc, await n0!.height());
  });

  test('kill two of four: no block commits; restart one: the chain resumes', async () => {
    const [, n1, n2] = net.nodes;
    await Promise.all([n1!.kill9(), n2!.kill9()]);
    await new Promise((r) => setTimeout(r, 1_500)); // a height in flight may still finish
    const stalled = await net.maxHeight();
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await net.maxHeight()).toBe(stalled); // 20 of 40 power: safety over liveness

    n1!.start();
    await net.waitForHeight(stalled + 3, { timeoutMs: 60_000 });
    n2!.start();
    await net.waitForHeight((await net.maxHeight()) + 1, { nodes: net.nodes, timeoutMs: 60_000 });
  });
});
