// The node's TCP transport coalesces each event-loop turn's writes to a connection into one socket
// write (src/p2p/corkedTcp.ts): bytes arrive whole and in order, with far fewer socket writes than
// stock @libp2p/tcp, and its connections speak to stock ones.
import { once } from 'node:events';
import net from 'node:net';
import type { Libp2p, MultiaddrConnection } from '@libp2p/interface';
import { Uint8ArrayList } from 'uint8arraylist';
import { corkConnection, FLUSH_BYTES } from '../../../src/p2p/corkedTcp.js';
import { bareLibp2p, stockLibp2p } from '../../../src/p2p/stack.js';

const PROTOCOL = '/seedcast/test-cork/1.0.0';
const nodes: Libp2p[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
});

type SocketProto = { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };

/** Counts net.Socket's own write calls (each one a write/writev syscall attempt) while `fn` runs. */
async function countSocketWrites(fn: () => Promise<void>): Promise<number> {
  const proto = net.Socket.prototype as unknown as SocketProto;
  const { _write, _writev } = proto;
  let calls = 0;
  proto._write = function (this: unknown, ...a: unknown[]) {
    calls++;
    return _write.apply(this, a);
  };
  proto._writev = function (this: unknown, ...a: unknown[]) {
    calls++;
    return _writev.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto._write = _write;
    proto._writev = _writev;
  }
  return calls;
}

/** Sends `total` patterned bytes from `from` to `to` in `chunk`-byte writes; resolves with what arrived. */
async function transfer(from: Libp2p, to: Libp2p, total: number, chunk: number): Promise<Uint8Array> {
  const received = new Uint8ArrayList();
  const done = new Promise<void>((resolve) => {
    void to.handle(PROTOCOL, (stream) => {
      stream.addEventListener('message', (evt) => {
        received.append(evt.data);
        if (received.byteLength >= total) {
          stream.send(Uint8Array.of(1));
          resolve();
        }
      });
    });
  });
  const stream = await from.dialProtocol(to.getMultiaddrs()[0]!, PROTOCOL);
  const acked = new Promise<void>((resolve) => stream.addEventListener('message', () => resolve(), { once: true }));
  const payload = new Uint8Array(total).map((_, i) => (i * 7 + (i >> 13)) & 0xff);
  for (let sent = 0; sent < total; sent += chunk) {
    if (!stream.send(payload.subarray(sent, Math.min(total, sent + chunk)))) await stream.onDrain();
  }
  await done;
  await acked;
  await to.unhandle(PROTOCOL);
  expect(Buffer.from(received.subarray()).equals(Buffer.from(payload))).toBe(true);
  return received.subarray();
}

async function pair(make: () => Promise<Libp2p>, makeOther = make): Promise<[Libp2p, Libp2p]> {
  const a = await make();
  const b = await makeOther();
  nodes.push(a, b);
  return [a, b];
}

test('bytes arrive whole and in order, in large and small writes, both ways', async () => {
  const [a, b] = await pair(bareLibp2p);
  await transfer(a, b, 8 * 1024 * 1024 + 13, 64 * 1024);
  await transfer(b, a, 300_001, 97);
  await transfer(a, b, 3 * FLUSH_BYTES + 5, 3 * FLUSH_BYTES + 5); // one write larger than a flush
});

test('corked and stock peers talk to each other', async () => {
  const [a, b] = await pair(bareLibp2p, stockLibp2p);
  await transfer(a, b, 2 * 1024 * 1024, 16 * 1024);
  await transfer(b, a, 2 * 1024 * 1024, 16 * 1024);
});

test('a corked connection makes far fewer socket writes than stock @libp2p/tcp', async () => {
  const total = 8 * 1024 * 1024;
  const [sa, sb] = await pair(stockLibp2p);
  const [ca, cb] = await pair(bareLibp2p);
  const stock = await countSocketWrites(() => transfer(sa, sb, total, 64 * 1024).then(() => {}));
  const corked = await countSocketWrites(() => transfer(ca, cb, total, 64 * 1024).then(() => {}));
  expect(stock).toBeGreaterThan(200);
  expect(corked * 10).toBeLessThan(stock);
  // The same connections the other way: the listener's (inbound) side is corked too.
  const stockBack = await countSocketWrites(() => transfer(sb, sa, total, 64 * 1024).then(() => {}));
  const corkedBack = await countSocketWrites(() => transfer(cb, ca, total, 64 * 1024).then(() => {}));
  expect(sb.getConnections(sa.peerId)).toHaveLength(1);
  expect(cb.getConnections(ca.peerId)).toHaveLength(1);
  expect(stockBack).toBeGreaterThan(200);
  expect(corkedBack * 10).toBeLessThan(stockBack);
});

test('one turn of sends leaves in one writev; a turn past FLUSH_BYTES flushes at once', async () => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const [peer] = (await accepted) as [net.Socket];
  const got = new Uint8ArrayList();
  peer.on('data', (buf: Buffer) => got.append(buf));
  const calls: number[] = []; // buffers per socket-level write
  const s = socket as unknown as SocketProto;
  const { _write, _writev } = s;
  s._write = function (this: unknown, ...a: unknown[]) {
    calls.push(1);
    return _write.apply(this, a);
  };
  s._writev = function (this: unknown, ...a: unknown[]) {
    calls.push((a[0] as unknown[]).length);
    return _writev.apply(this, a);
  };
  const sent: { sendData(d: Uint8ArrayList): { sentBytes: number; canSendMore: boolean } } = {
    sendData: () => {
      throw new Error('the stock sendData must not be called');
    },
  };
  const fake = Object.assign(sent, { socket }) as unknown as MultiaddrConnection;
  expect(corkConnection(fake)).toBe(true);

  // Two noise-shaped messages in one turn: one writev of all six buffers, after the turn.
  const msg = (n: number) => new Uint8ArrayList(Uint8Array.of(0, n), new Uint8Array(n).fill(n), new Uint8Array(16).fill(0xee));
  expect(sent.sendData(msg(10))).toEqual({ sentBytes: 28, canSendMore: true });
  expect(sent.sendData(msg(20))).toEqual({ sentBytes: 38, canSendMore: true });
  expect(calls).toEqual([]);
  await new Promise((r) => setImmediate(r));
  expect(calls).toEqual([6]);

  // A turn that corks FLUSH_BYTES flushes them there and then.
  calls.length = 0;
  sent.sendData(new Uint8ArrayList(new Uint8Array(FLUSH_BYTES / 2), new Uint8Array(FLUSH_BYTES / 2)));
  expect(calls).toEqual([2]);

  const total = 28 + 38 + FLUSH_BYTES;
  while (got.byteLength < total) await new Promise((r) => setTimeout(r, 5));
  expect(got.byteLength).toBe(total);
  expect(got.subarray(0, 28)).toEqual(msg(10).subarray());
  socket.destroy();
  peer.destroy();
  server.close();
});

test('a connection not shaped like @libp2p/tcp\'s is left alone', () => {
  const notTcp = { sendData: () => ({ sentBytes: 0, canSendMore: true }) } as unknown as MultiaddrConnection;
  expect(corkConnection(notTcp)).toBe(false);
});
