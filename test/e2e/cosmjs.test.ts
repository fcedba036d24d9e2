// The real, unmodified cosmjs clients against a real node process on 127.0.0.1.
import { fromHex, toHex } from '@cosmjs/encoding';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { GasPrice, QueryClient, SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { Comet38Client, WebsocketClient } from '@cosmjs/tendermint-rpc';
import { seedcastRegistry } from '../../src/client/registry.js';
import { socialQuery } from '../../src/client/social.js';
import { devnetAccounts, devnetWallet, rpcCall, startDevnetNode, tempHome, waitForHeight, type NodeProcess } from '../helpers/devnet.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

let node: NodeProcess;
let alice: DirectSecp256k1HdWallet;
let aliceAddr: string;
let client: SigningStargateClient;

beforeAll(async () => {
  node = await startDevnetNode(tempHome('cosmjs'));
  alice = await devnetWallet('alice');
  [{ address: aliceAddr }] = await alice.getAccounts();
  client = await SigningStargateClient.connectWithSigner(node.rpc, alice, {
    gasPrice: GasPrice.fromString('0.025useed'),
    registry: seedcastRegistry(),
  });
});

afterAll(async () => {
  client?.disconnect();
  expect(await node?.stop()).toBe(0); // graceful shutdown on SIGTERM
});

test('chain id, height, accounts and balances', async () => {
  expect(await client.getChainId()).toBe('seedcast-devnet');
  expect(await client.getHeight()).toBeGreaterThan(0);

  const acct = await client.getAccount(aliceAddr);
  expect(acct?.address).toBe(aliceAddr);
  expect(acct?.accountNumber).toBe(0n);

  const stranger = (await (await DirectSecp256k1HdWallet.generate(12, { prefix: 'seed' })).getAccounts())[0].address;
  expect(await client.getAccount(stranger)).toBeNull();
  expect(await client.getBalance(stranger, 'useed')).toEqual({ denom: 'useed', amount: '0' });

  const bal = await client.getBalance(aliceAddr, 'useed');
  expect(BigInt(bal.amount)).toBeGreaterThan(0n);
  expect(await client.getAllBalances(aliceAddr)).toEqual([bal]);
});

test('sendTokens with fee "auto", then getTx and searchTx find it', async () => {
  const [, bob] = devnetAccounts();
  const before = BigInt((await client.getBalance(bob.address, 'useed')).amount);
  const res = await client.sendTokens(aliceAddr, bob.address, [{ denom: 'useed', amount: '12345' }], 'auto', 'hello bob');
  expect(res.code).toBe(0);
  expect(res.gasUsed).toBeGreaterThan(0n);
  expect(res.gasWanted).toBeGreaterThanOrEqual(res.gasUsed);
  expect(BigInt((await client.getBalance(bob.address, 'useed')).amount)).toBe(before + 12345n);

  const tx = await client.getTx(res.transactionHash);
  expect(tx?.height).toBe(res.height);
  expect(tx?.code).toBe(0);

  const found = await client.searchTx(`transfer.recipient='${bob.address}'`);
  expect(found.map((t) => t.hash)).toContain(res.transactionHash);
  const bySender = await client.searchTx([{ key: 'message.sender', value: aliceAddr }]);
  expect(bySender.map((t) => t.hash)).toContain(res.transactionHash);
  expect(res.events.some((e) => e.type === 'transfer')).toBe(true);
});

test('signAndBroadcast of our own /seedcast.social.v1.MsgSetProfile', async () => {
  const msg = {
    typeUrl: '/seedcast.social.v1.MsgSetProfile',
    value: { signer: aliceAddr, name: 'Alice', bio: 'Films and field recordings', avatar: 'https://example.org/a.png' },
  };
  const res = await client.signAndBroadcast(aliceAddr, [msg], 'auto');
  expect(res.code).toBe(0);

  const comet = await Comet38Client.connect(node.rpc);
  const profile = await socialQuery(QueryClient.withExtensions(comet)).profile(aliceAddr);
  expect(profile).toMatchObject({ address: aliceAddr, name: 'Alice', bio: 'Films and field recordings' });
  comet.disconnect();

  const bad = await client.signAndBroadcast(aliceAddr, [{ ...msg, value: { ...msg.value, name: '' } }], 200_000 as any).catch((e) => e);
  expect(String(bad?.message ?? JSON.stringify(bad))).toMatch(/name must not be empty/);
});

test('a websocket subscription receives the Tx event', async () => {
  const comet = Comet38Client.create(new WebsocketClient(node.rpc.replace('http', 'ws')) /* cosmjs appends /websocket */);
  const [, , carol] = devnetAccounts();
  const received = new Promise<any>((resolve, reject) => {
    const sub = comet.subscribeTx(`tm.event='Tx' AND transfer.recipient='${carol.address}'`).subscribe({
      next: (ev) => {
        sub.unsubscribe();
        resolve(ev);
      },
      error: reject,
    });
  });
  // The server handles one socket's requests in order: once health answers, the subscription is live.
  await comet.health();
  const res = await client.sendTokens(aliceAddr, carol.address, [{ denom: 'useed', amount: '7' }], 'auto');
  const ev = await received;
  expect(toHex(ev.hash).toUpperCase()).toBe(res.transactionHash);
  expect(ev.height).toBe(res.height);
  expect(ev.result.code).toBe(0);
  comet.disconnect();
});

test('abci_query with prove: a state proof that checks against the next header app hash', async () => {
  const { fromBech32Address } = await import('../../src/codec/address.js');
  const { decodeStateProof, verifyStateProof } = await import('../../src/storage/state/index.js');
  const { accountKey } = await import('../../src/state/modules/auth/keys.js');
  const key = accountKey(fromBech32Address(aliceAddr));
  const q = await rpcCall(node.rpc, 'abci_query', { path: '/store/state/key', data: Buffer.from(key).toString('hex'), prove: true });
  const r = q.result.response;
  expect(r.code).toBe(0);
  const height = Number(r.height);
  const value = Buffer.from(r.value, 'base64');
  const proof = decodeStateProof(Buffer.from(r.proofOps.ops[0].data, 'base64'));
  // The state after block h is committed to by the app hash in the header of block h + 1.
  await waitForHeight(node.rpc, height + 1);
  const next = await rpcCall(node.rpc, 'block', { height: String(height + 1) });
  const appHash = Buffer.from(next.result.block.header.app_hash, 'hex');
  expect(verifyStateProof(appHash, key, value, proof)).toBe(true);
  const tampered = Buffer.from(value);
  tampered[tampered.length - 1] ^= 1;
  expect(verifyStateProof(appHash, key, tampered, proof)).toBe(false);
});

test('a read-only StargateClient sees the same chain', async () => {
  const ro = await StargateClient.connect(node.rpc);
  expect(await ro.getChainId()).toBe('seedcast-devnet');
  const block = await ro.getBlock();
  expect(block.header.chainId).toBe('seedcast-devnet');
  expect(fromHex(block.id).length).toBe(32);
  ro.disconnect();
});
