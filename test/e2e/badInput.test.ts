// Every bad tx and bad request gets a clear Cosmos code or JSON-RPC error, the node keeps
// running, and state is unchanged by what was refused.
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { StargateClient } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { devnetAccounts, devnetWallet, rpcCall, startDevnetNode, tempHome, type NodeProcess } from '../helpers/devnet.js';
import { highS, sendMsg, signTx, withSignature } from '../helpers/txs.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

let node: NodeProcess;
let client: StargateClient;
let wallet: DirectSecp256k1HdWallet;
let from: string;
const to = devnetAccounts()[1].address;
let accountNumber: number;
let sequence: number;

const b64 = (tx: Uint8Array) => Buffer.from(tx).toString('base64');
const broadcast = (tx: Uint8Array) => rpcCall(node.rpc, 'broadcast_tx_sync', { tx: b64(tx) });
const sign = (over: Partial<Parameters<typeof signTx>[0]> = {}) =>
  signTx({ wallet, chainId: 'seedcast-devnet', accountNumber, sequence, msgs: [sendMsg(from, to, '1')], ...over });

beforeAll(async () => {
  node = await startDevnetNode(tempHome('bad'));
  client = await StargateClient.connect(node.rpc);
  wallet = await devnetWallet('dave');
  [{ address: from }] = await wallet.getAccounts();
  const acct = (await client.getAccount(from))!;
  accountNumber = Number(acct.accountNumber);
  sequence = acct.sequence;
});

afterAll(async () => {
  client?.disconnect();
  await node?.stop();
});

test('refused txs get Cosmos codes and change nothing', async () => {
  const before = await client.getBalance(from, 'useed');
  const cases: [string, Uint8Array, number][] = [
    ['garbage bytes', Uint8Array.from([0xff, 0x01, 0x02, 0x03]), 2],
    ['TxRaw without a body', TxRaw.encode(TxRaw.fromPartial({ signatures: [Uint8Array.of(1)] })).finish(), 18],
    ['unknown message type', await sign({ rawMsgs: [{ typeUrl: '/seedcast.nope.v1.MsgNope', value: new Uint8Array([1, 2]) }] }), 6],
    ['wrong chain id', await sign({ chainId: 'other-chain' }), 4],
    ['wrong account number', await sign({ accountNumber: accountNumber + 7 }), 4],
    ['old sequence', await sign({ sequence: sequence - 1 < 0 ? sequence + 5 : sequence - 1 }), 32],
    ['fee below the minimum gas price', await sign({ fee: '1' }), 13],
    ['fee larger than the balance', await sign({ fee: '999999999999999999999' }), 5],
    ['memo too long', await sign({ memo: 'x'.repeat(300) }), 12],
  ];
  const good = await sign();
  const sig = TxRaw.decode(good).signatures[0];
  const flipped = Uint8Array.from(sig);
  flipped[5] ^= 1;
  cases.push(['corrupted signature', withSignature(good, flipped), 4]);
  cases.push(['high-S signature', withSignature(good, highS(sig)), 4]);

  for (const [name, tx, code] of cases) {
    const res = await broadcast(tx);
    expect({ name, code: res.result?.code, log: res.result?.log }).toMatchObject({ name, code });
    expect(res.result.log.length).toBeGreaterThan(5);
  }
  const empty = await broadcast(new Uint8Array());
  expect(empty.error?.code ?? empty.result?.code).toBeTruthy();
  expect(await client.getBalance(from, 'useed')).toEqual(before);
  expect((await client.getAccount(from))!.sequence).toBe(sequence);
});

test('a replayed tx is refused, in the mempool and after commit', async () => {
  const tx = await sign();
  const first = await rpcCall(node.rpc, 'broadcast_tx_commit', { tx: b64(tx) });
  expect(first.result.check_tx.code).toBe(0);
  expect(first.result.tx_result.code).toBe(0);
  sequence++;
  const again = await broadcast(tx);
  expect(again.error?.data ?? again.error?.message).toMatch(/already exists in cache/);
  // The same message re-signed with the spent sequence is a different tx: refused by sequence.
  const resigned = await sign({ sequence: sequence - 1, memo: 'replay' });
  expect((await broadcast(resigned)).result.code).toBe(32);
});

test('a tx whose messages fail pays its fee, bumps the sequence, moves no coins', async () => {
  const balance = BigInt((await client.getBalance(from, 'useed')).amount);
  const tx = await sign({ msgs: [sendMsg(from, to, (balance * 2n).toString())] });
  const res = await rpcCall(node.rpc, 'broadcast_tx_commit', { tx: b64(tx) });
  expect(res.result.check_tx.code).toBe(0);
  expect(res.result.tx_result.code).toBe(5);
  expect(res.result.tx_result.log).toMatch(/insufficient funds/);
  sequence++;
  expect(BigInt((await client.getBalance(from, 'useed')).amount)).toBe(balance - 5000n);
  expect((await client.getAccount(from))!.sequence).toBe(sequence);
});

test('malformed JSON-RPC, unknown methods, bad params and oversized bodies', async () => {
  const post = (body: string) => fetch(node.rpc, { method: 'POST', body }).then(async (r) => ({ status: r.status, text: await r.text() }));
  const parseErr = JSON.parse((await post('{"jsonrpc":"2.0","id":1,"method":')).text);
  expect(parseErr.error.code).toBe(-32700);
  const unknown = JSON.parse((await post('{"jsonrpc":"2.0","id":1,"method":"no_such_method","params":{}}')).text);
  expect(unknown.error.code).toBe(-32601);
  const badParams = JSON.parse((await post('{"jsonrpc":"2.0","id":1,"method":"block","params":{"height":"abc"}}')).text);
  expect(badParams.error.code).toBe(-32602);
  const big = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'broadcast_tx_sync', params: { tx: 'A'.repeat(2_000_000) } }));
  expect(big.status === 413 || /too large|exceeds/i.test(big.text)).toBe(true);
  // Still alive and producing blocks.
  const h = Number((await rpcCall(node.rpc, 'status')).result.sync_info.latest_block_height);
  await new Promise((r) => setTimeout(r, 1500));
  expect(Number((await rpcCall(node.rpc, 'status')).result.sync_info.latest_block_height)).toBeGreaterThan(h);
});
