// 10,000 real websocket clients (in a child process) connect at once to one real RpcServer,
// each subscribes with one of a mix of indexed queries, and every one receives the event that
// matches them all. One more client is refused with a clear close reason.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RpcServer } from '../../../src/rpc/index.js';
import { FixtureBackend, txResult } from '../../unit/rpc/fixtureBackend.js';
import { nextMessage } from '../../helpers/childMessages.js';

const CLIENTS = 10_000;
const QUERIES = [
  "tm.event='Tx'",
  "tm.event='Tx' AND card.creator='seed1ann'",
  "card.creator IN ('seed1bob', 'seed1ann')",
  "tm.event='Tx' AND card.tag='cats' AND card.action='publish'",
];

interface Ready { subscribed: number; failed: number; closedEarly: number; errors: string[]; ms: number }
interface Report { perClient: number[]; lastAt: number[] }

let backend: FixtureBackend;
let server: RpcServer;
let crowd: ChildProcess;

beforeAll(async () => {
  backend = new FixtureBackend();
  server = new RpcServer({ laddr: 'tcp://127.0.0.1:0' }, backend); // the defaults: 10,000 clients
  await server.start();
  crowd = fork(fileURLToPath(new URL('./wsCrowd.mjs', import.meta.url)), [], { execArgv: [], env: { ...process.env, NODE_OPTIONS: '' } });
});

afterAll(async () => {
  crowd?.send({ type: 'stop' });
  await server?.close();
});

test('10,000 clients connect at once, all subscribe, all receive the event', async () => {
  crowd.send({ type: 'start', url: `ws://127.0.0.1:${server.port}/websocket`, count: CLIENTS, queries: QUERIES });
  const ready = await nextMessage<Ready>(crowd, 'ready', 30_000);
  expect(ready.errors).toEqual([]);
  expect(ready.subscribed).toBe(CLIENTS);
  expect(server.wsClientCount).toBe(CLIENTS);

  // The 10,001st is told why it is refused.
  const extra = new WebSocket(`ws://127.0.0.1:${server.port}/websocket`);
  const [code, reason] = await new Promise<[number, string]>((resolve) => extra.once('close', (c, r) => resolve([c, String(r)])));
  expect(code).toBe(1013);
  expect(reason).toBe(`too many websocket clients (max ${CLIENTS})`);

  const card = { type: 'card', attributes: [['id', '7'], ['creator', 'seed1ann'], ['tag', 'cats'], ['action', 'publish']].map(([key, value]) => ({ key: key!, value: value!, index: true })) };
  const [, tx] = backend.addBlock([new Uint8Array([7, 7])], [txResult(0, [card])]);
  const sentAt = Date.now();
  backend.emit(tx!);
  const fanOutMs = Date.now() - sentAt;

  let report: Report = { perClient: [], lastAt: [] };
  for (let tries = 0; tries < 100; tries++) {
    crowd.send({ type: 'report' });
    report = await nextMessage<Report>(crowd, 'report', 10_000);
    if (report.perClient.every((n) => n >= 1)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(report.perClient.filter((n) => n === 1)).toHaveLength(CLIENTS);
  const latencies = report.lastAt.map((t) => t - sentAt).sort((a, b) => a - b);
  // Printed for the record; the bound is loose (2 busy cores, the crowd shares them).
  console.log(`10,000 clients: connect+subscribe ${ready.ms} ms, fan-out ${fanOutMs} ms, delivery p50 ${latencies[CLIENTS / 2]} ms, p99 ${latencies[Math.floor(CLIENTS * 0.99)]} ms`);
  expect(latencies[CLIENTS - 1]).toBeLessThan(10_000);
});
