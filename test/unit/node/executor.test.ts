// A proposal is vetted before a validator prevotes for it: undecodable txs or more gas than
// the block allows make it invalid.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { BlockExecutor, type ExecutorDeps } from '../../../src/node/executor.js';
import { devnetAccounts, devnetWallet } from '../../helpers/devnet.js';
import { sendMsg, signTx } from '../../helpers/txs.js';
import { makeHarness, type Harness } from '../state/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

async function tx(gas: number): Promise<Uint8Array> {
  const wallet = await devnetWallet('alice');
  const [alice, bob] = devnetAccounts();
  return signTx({ wallet, chainId: 'seedcast-devnet', accountNumber: 0, sequence: 0, gas, msgs: [sendMsg(alice.address, bob.address, '1')] });
}

function executor(maxGas: bigint): BlockExecutor {
  // checkProposal reads only the app's decoder and the gas limit; the stores are not touched.
  const deps = { app: h.app, maxBlockGas: () => maxGas } as unknown as ExecutorDeps;
  return new BlockExecutor(deps);
}

const block = (txs: Uint8Array[]) => ({ data: { txs } }) as unknown as Block;

test('a proposal within the block gas limit passes', async () => {
  await expect(executor(500_000n).checkProposal(block([await tx(200_000), await tx(300_000)]))).resolves.toBeUndefined();
  await expect(executor(-1n).checkProposal(block([await tx(9_000_000)]))).resolves.toBeUndefined();
});

test('a proposal over the block gas limit is refused', async () => {
  await expect(executor(400_000n).checkProposal(block([await tx(200_000), await tx(300_000)]))).rejects.toThrow(/more than the block gas limit 400000/);
});

test('a proposal with garbage bytes is refused', async () => {
  await expect(executor(-1n).checkProposal(block([await tx(100_000), Uint8Array.of(1, 2, 3)]))).rejects.toThrow(/proposal tx 1 does not decode/);
});

test('a proposal of txs already checked reads their gas from the decoded txs, with the same verdicts', async () => {
  const a = await tx(200_000);
  const b = await tx(300_000);
  await h.app.prepareTx(a); // CheckTx decodes and remembers a; a proposal brings a copy of its bytes
  await expect(executor(500_000n).checkProposal(block([Uint8Array.from(a), b]))).resolves.toBeUndefined();
  await expect(executor(400_000n).checkProposal(block([Uint8Array.from(a), b]))).rejects.toThrow(/more than the block gas limit 400000/);
});
