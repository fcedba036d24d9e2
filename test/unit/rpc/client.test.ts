// The real @cosmjs/tendermint-rpc and @cosmjs/stargate clients against the real RpcServer.
import { Comet38Client, connectComet, WebsocketClient } from '@cosmjs/tendermint-rpc';
import { StargateClient } from '@cosmjs/stargate';
import { toHex } from '@cosmjs/encoding';
import { RpcServer } from '../../../src/rpc/index.js';
import { CHAIN_ID, FixtureBackend, sha256, VALIDATOR } from './fixtureBackend.js';

let backend: FixtureBackend;
let server: RpcServer;
let url: string;

beforeAll(async () => {
  backend = new FixtureBackend();
  server = new RpcServer({ laddr: 'tcp://127.0.0.1:0', timeoutBroadcastTxCommitMs: 2000 }, backend);
  await server.start();
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  expect(backend.listenerCount).toBe(0);
});

describe('cosmjs Comet38Client over HTTP', () => {
  test('connectComet picks the 0.38 client and reads status', async () => {
    const client = await connectComet(url);
    expect(client).toBeInstanceOf(Comet38Client);
    const st = await client.status();
    expect(st.nodeInfo.network).toBe(CHAIN_ID);
    expect(st.nodeInfo.version).toBe('0.38.17');
    expect(st.syncInfo.latestBlockHeight).toBe(2);
    expect(toHex(st.syncInfo.latestAppHash)).toBe('52'.repeat(32));
    expect(st.syncInfo.latestBlockTime.toISOString()).toBe('2023-11-14T22:13:22.123Z');
    expect(st.validatorInfo.pubkey).toEqual({ algorithm: 'ed25519', data: VALIDATOR.pubKey });
    expect(st.validatorInfo.votingPower).toBe(10n);
    client.disconnect();
  });

  test('block, blockResults, commit, validators, blockchain, genesis, health, abciInfo', async () => {
    const client = await Comet38Client.connect(url);
    const latest = await client.block();
    expect(latest.block.header.height).toBe(2);
    expect(latest.block.txs).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7])]);
    expect(latest.block.lastCommit?.signatures[0]?.signature).toEqual(new Uint8Array(64).fill(9));
    expect(latest.block.header.time.nanoseconds).toBe(456789);
    const first = await client.block(1);
    expect(first.block.header.lastBlockId).toBeNull();
    expect(first.block.lastCommit).toBeNull();
    expect(first.blockId.hash).toEqual(new Uint8Array(32).fill(0x21));

    const results = await client.blockResults(2);
    expect(results.results.map((r) => r.code)).toEqual([0, 5]);
    expect(results.results[0]!.gasUsed).toBe(61234n);
    expect(results.results[0]!.events[0]).toEqual({ type: 'message', attributes: [{ key: 'sender', value: 'seed1alice' }, { key: 'module', value: 'bank' }] });
    expect(results.finalizeBlockEvents[0]!.type).toBe('mint');

    const commit = await client.commit(1);
    expect(commit.canonical).toBe(true);
    expect(commit.commit.height).toBe(1);
    expect(commit.commit.signatures[0]!.validatorAddress).toEqual(VALIDATOR.address);

    const vals = await client.validators({ height: 2 });
    expect(vals.total).toBe(1);
    expect(vals.validators[0]!.address).toEqual(VALIDATOR.address);

    const chain = await client.blockchain(1, 2);
    expect(chain.blockMetas.map((m) => m.header.height)).toEqual([2, 1]);
    expect(chain.blockMetas[0]!.numTxs).toBe(2);

    const genesis = await client.genesis();
    expect(genesis.chainId).toBe(CHAIN_ID);
    expect(await client.health()).toBeNull();
    const info = await client.abciInfo();
    expect(info.lastBlockHeight).toBe(2);
    client.disconnect();
  });

  test('tx, txSearch by hash, sender and height; a missing height is a clear error', async () => {
    const client = await Comet38Client.connect(url);
    const hash = sha256(new Uint8Array([1, 2, 3]));
    const byHash = await client.txSearch({ query: `tx.hash='${toHex(hash).toUpperCase()}'` });
    expect(byHash.totalCount).toBe(1);
    expect(byHash.txs[0]!.height).toBe(2);
    const single = await client.tx({ hash, prove: true });
    expect(single.index).toBe(0);
    expect(single.proof?.proof.total).toBe(2);
    const bySender = await client.txSearch({ query: "message.sender='seed1carol'" });
    expect(bySender.txs.map((t) => t.result.code)).toEqual([5]);
    const byHeight = await client.txSearch({ query: 'tx.height=2', order_by: 'desc', per_page: 1, page: 2 });
    expect(byHeight.totalCount).toBe(2);
    expect(byHeight.txs[0]!.index).toBe(0);
    await expect(client.block(99)).rejects.toThrow(/must be less than or equal to the current blockchain height 2/);
    await expect(client.tx({ hash: new Uint8Array(32) })).rejects.toThrow(/not found/);
    await expect(client.txSearch({ query: "message.sender=='x'" })).rejects.toThrow(/-32602.*invalid query at position 15/);
    client.disconnect();
  });

  test('abciQuery, broadcastTxSync (ok, CheckTx failure, duplicate), numUnconfirmedTxs', async () => {
    const client = await Comet38Client.connect(url);
    const q = await client.abciQuery({ path: '/echo', data: new Uint8Array([7, 8]) });
    expect(q.value).toEqual(new Uint8Array([7, 8]));
    expect(q.height).toBe(2);
    const bad = await client.abciQuery({ path: '/nope', data: new Uint8Array() });
    expect(bad.code).toBe(6);

    const tx = new Uint8Array([0x0a, 1, 2, 3]);
    const ok = await client.broadcastTxSync({ tx });
    expect(ok.code).toBe(0);
    expect(ok.hash).toEqual(sha256(tx));
    const refused = await client.broadcastTxSync({ tx: new Uint8Array([0xff, 1]) });
    expect(refused.code).toBe(4);
    expect(refused.log).toBe('signature verification failed');
    await expect(client.broadcastTxSync({ tx })).rejects.toThrow(/tx already exists in cache/);
    const n = await client.numUnconfirmedTxs();
    expect(n.total).toBe(1);
    expect(n.totalBytes).toBe(4);
    backend.commitMempool();
    expect((await client.numUnconfirmedTxs()).total).toBe(0);
    client.disconnect();
  });

  test('broadcastTxCommit waits for the Tx event of its hash', async () => {
    const client = await Comet38Client.connect(url);
    const tx = new Uint8Array([0x0a, 9, 9, 9]);
    setTimeout(() => backend.commitMempool(), 100);
    const res = await client.broadcastTxCommit({ tx });
    expect(res.checkTx.code).toBe(0);
    expect(res.txResult?.code).toBe(0);
    expect(res.height).toBe(backend.blocks.length);
    const failed = await client.broadcastTxCommit({ tx: new Uint8Array([0xff, 2]) });
    expect(failed.checkTx.code).toBe(4);
    expect(failed.height).toBe(0);
    client.disconnect();
  });

  test('broadcastTxCommit times out with a clear error when the tx never commits', async () => {
    const client = await Comet38Client.connect(url);
    await expect(client.broadcastTxCommit({ tx: new Uint8Array([0x0a, 0x77]) })).rejects.toThrow(/timed out waiting for tx to be included in a block/);
    backend.mempool.splice(0);
    client.disconnect();
  });

  test('StargateClient: chain id, height, getTx, searchTx', async () => {
    const client = await StargateClient.connect(url);
    expect(await client.getChainId()).toBe(CHAIN_ID);
    expect(await client.getHeight()).toBe(backend.blocks.length);
    const id = toHex(sha256(new Uint8Array([4, 5, 6, 7]))).toUpperCase();
    const tx = await client.getTx(id);
    expect(tx?.code).toBe(5);
    expect(tx?.hash).toBe(id);
    const found = await client.searchTx([{ key: 'transfer.recipient', value: 'seed1bob' }]);
    expect(found.length).toBe(2);
    client.disconnect();
  });
});

describe('cosmjs websocket subscriptions', () => {
  test('subscribeTx and subscribeNewBlock receive pushed events', async () => {
    const ws = new WebsocketClient(`ws://127.0.0.1:${server.port}`);
    const client = Comet38Client.create(ws);
    const txs: { height: number; hash: Uint8Array; code: number }[] = [];
    const blocks: number[] = [];
    const gotTx = new Promise<void>((resolve, reject) => {
      client.subscribeTx("message.sender='seed1alice'").addListener({
        next: (e) => { txs.push({ height: e.height, hash: e.hash, code: e.result.code }); if (txs.length === 2) resolve(); },
        error: reject,
        complete: () => undefined,
      });
    });
    const gotBlock = new Promise<void>((resolve, reject) => {
      client.subscribeNewBlock().addListener({ next: (b) => { blocks.push(b.header.height); resolve(); }, error: reject, complete: () => undefined });
    });
    // Let both subscriptions be acknowledged before the chain moves.
    await client.health();
    await new Promise((r) => setTimeout(r, 100));
    const before = backend.blocks.length;
    backend.mempool.push(new Uint8Array([0x0a, 0x31]), new Uint8Array([0x0a, 0x32]));
    backend.commitMempool();
    await Promise.all([gotTx, gotBlock]);
    expect(blocks).toEqual([before + 1]);
    expect(txs.map((t) => t.height)).toEqual([before + 1, before + 1]);
    expect(txs[0]!.hash).toEqual(sha256(new Uint8Array([0x0a, 0x31])));
    client.disconnect();
    // cosmjs's ReconnectingSocket arms a reconnect timer even on an explicit disconnect; disarm it
    // so jest can exit (client-side behaviour, not the server's).
    clearTimeout((ws as unknown as { socket: { reconnectTimeout: NodeJS.Timeout } }).socket.reconnectTimeout);
  });
});
