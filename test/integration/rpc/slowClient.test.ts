// A client that stops reading is dropped with 1008 "client too slow: ..." once its backlog
// passes the cap; what it did receive is a gap-free prefix of its events, and the readers
// beside it get every event, in order, without slowing down.
import { WebSocket } from 'ws';
import { RpcServer } from '../../../src/rpc/index.js';
import { FixtureBackend, txResult } from '../../unit/rpc/fixtureBackend.js';

const READERS = 40;
const CAP = 256 * 1024;
const PAYLOAD = new Uint8Array(48 * 1024).fill(0x5a);

interface Client {
  ws: WebSocket;
  /** card.id of each pushed event, in arrival order, and when it arrived. */
  ids: number[];
  at: number[];
  closed: Promise<[number, string]>;
}

async function connect(port: number, query: string): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`);
  const c: Client = { ws, ids: [], at: [], closed: new Promise((resolve) => ws.once('close', (code, r) => resolve([code, String(r)]))) };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const subscribed = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query } }));
  await subscribed;
  ws.on('message', (data) => {
    // The id sits in the flattened events at the end; no need to parse 60 KB of JSON.
    const text = data.toString();
    const m = /"card\.id":\["([0-9]+)"\]/.exec(text.slice(text.lastIndexOf('"events":')));
    c.ids.push(m ? Number(m[1]) : -1);
    c.at.push(performance.now());
  });
  return c;
}

let backend: FixtureBackend;
let server: RpcServer;

beforeAll(async () => {
  backend = new FixtureBackend();
  server = new RpcServer({ laddr: 'tcp://127.0.0.1:0', wsMaxSendBufferBytes: CAP }, backend);
  await server.start();
});
afterAll(() => server.close());

test('a stalled client is dropped with 1008 after a gap-free prefix; readers get everything, promptly', async () => {
  const query = "tm.event='Tx' AND card.creator IN ('seed1ann', 'seed1bob')";
  const stalled = await connect(server.port, query);
  const readers = await Promise.all(Array.from({ length: READERS }, () => connect(server.port, "tm.event='Tx' AND card.creator='seed1ann'")));
  stalled.ws.pause(); // stops reading from the kernel: its buffers fill, then the server's queue

  const sentAt: number[] = [];
  for (let i = 0; server.wsClientCount > READERS; i++) {
    if (i === 2000) throw new Error('the stalled client was never dropped');
    const card = { type: 'card', attributes: [{ key: 'id', value: String(i), index: true }, { key: 'creator', value: 'seed1ann', index: true }] };
    const [, tx] = backend.addBlock([PAYLOAD], [txResult(0, [card])]);
    sentAt.push(performance.now());
    backend.emit(tx!);
    await new Promise((r) => setTimeout(r, 2));
  }
  const pushed = sentAt.length;
  expect(server.wsClientCount).toBe(READERS);

  // Readers: every event, in order.
  const deadline = Date.now() + 10_000;
  while (readers.some((r) => r.ids.length < pushed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const all = Array.from({ length: pushed }, (_, i) => i);
  for (const r of readers) expect(r.ids).toEqual(all);
  const latencies = readers.flatMap((r) => r.at.map((t, k) => t - sentAt[r.ids[k]!]!)).sort((a, b) => a - b);
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  console.log(`stalled client dropped after ${pushed} events of ${PAYLOAD.length} B; ${READERS} readers: delivery p50 ${latencies[latencies.length >> 1]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
  expect(p99).toBeLessThan(1_000);

  // The stalled client, once it reads again: a prefix with no gap, then the reason.
  stalled.ws.resume();
  const [code, reason] = await stalled.closed;
  expect(code).toBe(1008);
  expect(reason).toBe(`client too slow: more than ${CAP} bytes waiting to be sent`);
  expect(stalled.ids.length).toBeGreaterThan(0);
  expect(stalled.ids.length).toBeLessThan(pushed);
  expect(stalled.ids).toEqual(all.slice(0, stalled.ids.length));

  for (const r of readers) r.ws.close();
  await Promise.all(readers.map((r) => r.closed));
});

test('after the drop the hub holds only live clients; a new client subscribes and receives', async () => {
  const fresh = await connect(server.port, "card.creator='seed1ann'");
  const card = { type: 'card', attributes: [{ key: 'id', value: '1', index: true }, { key: 'creator', value: 'seed1ann', index: true }] };
  const [, tx] = backend.addBlock([new Uint8Array([1])], [txResult(0, [card])]);
  backend.emit(tx!);
  const deadline = Date.now() + 5_000;
  while (fresh.ids.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(fresh.ids).toEqual([1]);
  expect(server.wsClientCount).toBe(1);
  fresh.ws.close();
  await fresh.closed;
});
