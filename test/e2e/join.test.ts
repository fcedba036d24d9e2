// An operator joins a running 4-validator network: a fresh home with the network's genesis,
// started with --p2p.persistent_peers, block-syncs to the tip as a full node, then
// `tx staking create-validator` bonds its key and it signs blocks as the fifth validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rpcCall } from '../helpers/devnet.js';
import { runCli, Testnet, TestnetNode } from '../helpers/testnet.js';

describe('an operator joins a running network', () => {
  let net: Testnet;
  let joiner: TestnetNode;

  beforeAll(async () => {
    net = await Testnet.create({ validators: 4 });
    net.startAll();
    await net.waitForHeight(5, { timeoutMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await net?.stopAll();
  });

  test('syncs as a full node, then create-validator makes it a signing validator', async () => {
    joiner = await net.addFullNode('joiner', { keys: ['erin'] });
    joiner.start();
    const { home, rpc } = joiner.info;

    // Block sync to the tip, then follows consensus as a full node.
    const tip = await net.maxHeight(net.nodes);
    await net.until('the joiner to sync', async () => ((await joiner.height()) >= tip ? true : undefined), 60_000);
    await net.until('catching_up to turn false', async () => ((await rpcCall(rpc, 'status')).result.sync_info.catching_up === false ? true : undefined), 30_000);
    await net.assertAgreement(net.nodes);

    // Bond its own validator key (the home's priv_validator_key.json) through its own RPC.
    const out = JSON.parse(runCli(['tx', 'staking', 'create-validator', '--amount', '10000000useed', '--moniker', 'joiner', '--from', 'erin', '--home', home, '--node', rpc, '--gas-prices', '0.025useed', '--yes', '--output', 'json']));
    expect(out.code).toBe(0);
    const address: string = JSON.parse(readFileSync(join(home, 'config', 'priv_validator_key.json'), 'utf8')).address;
    await net.until('the joiner in the validator set', async () => {
      const vals = (await rpcCall(net.nodes[0]!.rpc, 'validators', {})).result.validators as { address: string }[];
      return vals.length === 5 && vals.some((v) => v.address === address) ? true : undefined;
    }, 30_000);
    // Its precommits now appear in last commits.
    await net.until('a block whose last commit the joiner signed', async () => {
      const h = await net.nodes[0]!.height();
      const sigs = (await rpcCall(net.nodes[0]!.rpc, 'block', { height: String(h) })).result.block.last_commit.signatures as { block_id_flag: number; validator_address: string }[];
      return sigs.some((s) => s.block_id_flag === 2 && s.validator_address === address) ? true : undefined;
    }, 30_000);
    await net.assertAgreement(net.nodes);
  }, 180_000);
});
