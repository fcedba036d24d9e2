// Raw HTTP and websocket against the real RpcServer: CometBFT's error shapes, GET with URI
// params, batches, body limits, subscription bounds, and a slow websocket client being dropped.
import { WebSocket } from 'ws';
import { RpcServer } from '../../../src/rpc/index.js';
import { FixtureBackend, sha256 } from './fixtureBackend.js';

let backend: FixtureBackend;
let server: RpcServer;
let base: string;

beforeAll(async () => {
  backend = new FixtureBackend();
  server = new RpcServer({ laddr: 'tcp://127.0.0.1:0', maxBodyBytes: 10_000, maxClients: 3, maxSubscriptionsPerClient: 2, wsMaxSendBufferBytes: 256 * 1024 }, backend);
  await server.start();
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

async function post(body: string): Promise<{ status: number; json: any }> {
  const res = await fetch(base + '/', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const call = (method: string, params?: unknown, id: unknown = 1) => post(JSON.stringify({ jsonrpc: '2.0', id, method, params }));

describe('HTTP JSON-RPC', () => {
  test('malformed JSON is -32700 with the reason in data', async () => {
    const { status, json } = await post('{"jsonrpc":"2.0",');
    expect(status).toBe(200);
    expect(json.error.code).toBe(-32700);
    expect(json.error.message).toBe('Parse error');
    expect(json.error.data).toMatch(/error unmarshaling request/);
  });

  test('unknown method is -32601 with HTTP 200 and the same id', async () => {
    const { status, json } = await call('no_such_method', {}, 'abc');
    expect(status).toBe(200);
    expect(json).toEqual({ jsonrpc: '2.0', id: 'abc', error: { code: -32601, message: 'Method not found', data: 'unknown method "no_such_method"' } });
  });

  test('bad params are -32602 with a clear message', async () => {
    expect((await call('block', { height: 'ten' })).json.error).toMatchObject({ code: -32602, data: 'height: expected an integer, got "ten"' });
    expect((await call('broadcast_tx_sync', { tx: '***' })).json.error).toMatchObject({ code: -32602, data: 'tx: malformed base64' });
    expect((await call('tx_search', { query: "tm.event='Tx' AND" })).json.error.data).toMatch(/invalid query at position 17: expected an event key/);
    expect((await call('block', [1, 2])).json.error).toMatchObject({ code: -32602, data: 'expected at most 1 params, got 2' });
    expect((await call('tx_search', { query: 'tx.height=1', order_by: 'sideways' })).json.error.code).toBe(-32602);
  });

  test('invalid requests are -32600; notifications get no answer', async () => {
    expect((await post('{"jsonrpc":"1.0","id":1,"method":"health"}')).json.error.code).toBe(-32600);
    expect((await post('{"jsonrpc":"2.0","id":{},"method":"health"}')).json.error.code).toBe(-32600);
    expect((await post('"just a string"')).json.error.code).toBe(-32600);
    expect((await post('[]')).json.error.code).toBe(-32600);
    const note = await post('{"jsonrpc":"2.0","method":"health"}');
    expect(note.status).toBe(200);
    expect(note.json).toBeUndefined();
  });

  test('params by position work like params by name', async () => {
    const { json } = await call('block', ['1']);
    expect(json.result.block.header.height).toBe('1');
    expect(json.result.block.last_commit).toEqual({ height: '0', round: 0, block_id: { hash: '', parts: { total: 0, hash: '' } }, signatures: [] });
  });

  test('a batch gets an array of answers in order', async () => {
    const { json } = await post(JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'health' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      { jsonrpc: '2.0', method: 'health' },
      { jsonrpc: '2.0', id: 3, method: 'num_unconfirmed_txs' },
    ]));
    expect(json.map((r: any) => r.id)).toEqual([1, 2, 3]);
    expect(json[0].result).toEqual({});
    expect(json[1].error.code).toBe(-32601);
    expect(json[2].result).toEqual({ n_txs: '0', total: '0', total_bytes: '0', txs: null });
  });

  test('an oversized body is refused with an error and the server keeps serving', async () => {
    const res = await fetch(base + '/', { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'health', params: { pad: 'x'.repeat(20_000) } }) });
    expect(res.status).toBe(413);
    const json = await res.json();
    expect(json.error.code).toBe(-32600);
    expect(json.error.data).toMatch(/request body too large \(max 10000 bytes\)/);
    expect((await call('health')).json.result).toEqual({});
  });

  test('GET with CometBFT URI params: quoted strings, 0x bytes, bare numbers', async () => {
    const hash = sha256(new Uint8Array([1, 2, 3]));
    const byHash = await (await fetch(`${base}/tx?hash=0x${Buffer.from(hash).toString('hex')}`)).json();
    expect(byHash.id).toBe(-1);
    expect(byHash.result.height).toBe('2');
    expect(byHash.result.hash).toBe(Buffer.from(hash).toString('hex').toUpperCase());
    const search = await (await fetch(`${base}/tx_search?query=${encodeURIComponent('"tx.height=2"')}&per_page=1`)).json();
    expect(search.result.total_count).toBe('2');
    expect(search.result.txs).toHaveLength(1);
    const block = await (await fetch(`${base}/block?height=1`)).json();
    expect(block.result.block.header.time).toBe('2023-11-14T22:13:21.123456789Z');
    const q = await (await fetch(`${base}/abci_query?path="/echo"&data=0x0102`)).json();
    expect(q.result.response.value).toBe('AQI=');
    const bad = await (await fetch(`${base}/block?height=abc`)).json();
    expect(bad.error.code).toBe(-32602);
    const unknown = await fetch(`${base}/nope`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe(-32601);
    const index = await (await fetch(base + '/')).text();
    expect(index).toContain('/tx_search</a>?query=_');
  });

  test('subscribe over HTTP is refused: it needs the websocket', async () => {
    const { json } = await call('subscribe', { query: "tm.event='Tx'" });
    expect(json.error.code).toBe(-32601);
    expect(json.error.data).toMatch(/only available over the websocket/);
  });
});

// A websocket client that records every message it gets.
async function wsClient(): Promise<{ ws: WebSocket; messages: any[]; next(id: unknown): Promise<any> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/websocket`);
  const messages: any[] = [];
  const waiting: { id: unknown; resolve(v: any): void }[] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d));
    messages.push(msg);
    const i = waiting.findIndex((w) => w.id === msg.id);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(msg);
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  return { ws, messages, next: (id) => new Promise((resolve) => waiting.push({ id, resolve })) };
}

function request(c: { ws: WebSocket; next(id: unknown): Promise<any> }, id: number, method: string, params: unknown = {}): Promise<any> {
  const answer = c.next(id);
  c.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  return answer;
}

const closed = (ws: WebSocket) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())));

describe('websocket', () => {
  test('subscribe limits, duplicate and unknown subscriptions, malformed frames', async () => {
    const c = await wsClient();
    expect((await request(c, 1, 'subscribe', { query: "tm.event='Tx'" })).result).toEqual({});
    expect((await request(c, 2, 'subscribe', { query: "tm.event='Tx'" })).error.data).toBe('already subscribed');
    expect((await request(c, 3, 'subscribe', { query: "tm.event='NewBlock'" })).result).toEqual({});
    expect((await request(c, 4, 'subscribe', { query: "tm.event='NewBlockHeader'" })).error.data).toBe('max_subscriptions_per_client 2 reached');
    expect((await request(c, 5, 'subscribe', { query: 'tm.event=' })).error.code).toBe(-32602);
    expect((await request(c, 6, 'unsubscribe', { query: "tm.event='Nope'" })).error.data).toBe('subscription not found');
    expect((await request(c, 7, 'unsubscribe', { query: "tm.event='NewBlock'" })).result).toEqual({});
    const parse = c.next(null);
    c.ws.send('{oops');
    expect((await parse).error.code).toBe(-32700);
    expect((await request(c, 8, 'status')).result.node_info.version).toBe('0.38.17');
    expect((await request(c, 9, 'unsubscribe_all')).result).toEqual({});
    c.ws.close();
    await closed(c.ws);
  });

  test('events arrive with the subscribe id, the query and the flattened events', async () => {
    const c = await wsClient();
    await request(c, 42, 'subscribe', { query: "tm.event='Tx' AND transfer.recipient='seed1dave'" });
    backend.mempool.push(new Uint8Array([0x0a, 0x55]));
    const pushed = c.next(42);
    backend.commitMempool();
    const ev = await pushed;
    expect(ev.result.query).toBe("tm.event='Tx' AND transfer.recipient='seed1dave'");
    expect(ev.result.data.type).toBe('tendermint/event/Tx');
    expect(ev.result.data.value.TxResult.tx).toBe('ClU=');
    expect(ev.result.data.value.TxResult.index).toBe(0);
    expect(ev.result.events['tm.event']).toEqual(['Tx']);
    expect(ev.result.events['tx.hash']).toEqual([Buffer.from(sha256(new Uint8Array([0x0a, 0x55]))).toString('hex').toUpperCase()]);
    expect(ev.result.events['tx.height']).toEqual([String(backend.blocks.length)]);
    c.ws.close();
    await closed(c.ws);
  });

  test('more clients than allowed are turned away with a reason', async () => {
    const clients = await Promise.all([wsClient(), wsClient(), wsClient()]);
    const extra = await wsClient();
    const reason = await new Promise<string>((resolve) => extra.ws.once('close', (_code, r) => resolve(String(r))));
    expect(reason).toMatch(/too many websocket clients \(max 3\)/);
    for (const c of clients) c.ws.close();
    await Promise.all(clients.map((c) => closed(c.ws)));
  });

  test('a client that never reads is dropped; another keeps receiving everything', async () => {
    const slow = await wsClient();
    const fast = await wsClient();
    await request(slow, 1, 'subscribe', { query: "tm.event='Tx'" });
    await request(fast, 1, 'subscribe', { query: "tm.event='Tx'" });
    (slow.ws as any)._socket.pause(); // stop reading from the kernel: the server's buffer fills up
    const big = new Uint8Array(64 * 1024).fill(7);
    let pushed = 0;
    while (server.wsClientCount > 1 && pushed < 1000) {
      backend.emit({ type: 'Tx', tx: { hash: sha256(big), height: 99n, index: pushed, tx: big, result: backend.txs[0]!.result } });
      pushed++;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(server.wsClientCount).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    const got = fast.messages.filter((m) => m.id === 1 && m.result?.query).length;
    expect(got).toBe(pushed);
    (slow.ws as any)._socket.resume();
    await closed(slow.ws);
    expect(slow.ws.readyState).toBe(slow.ws.CLOSED);
    fast.ws.close();
    await closed(fast.ws);
  });
});
