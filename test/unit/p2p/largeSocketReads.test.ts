// Large socket reads (net's `onread`) for dialled sockets: real TCP on 127.0.0.1. Every chunk
// is held until the end and then compared with what was sent, so a read buffer region handed
// out twice (overwritten while held) fails the test.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { jest } from '@jest/globals';
import type { Libp2p } from '@libp2p/interface';
import { COPY_BELOW_BYTES, largeSocketReads, READ_BUFFER_BYTES } from '../../../src/p2p/largeSocketReads.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';

const sha = (chunks: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

/** A server that sends `writes` (one socket write each, in order) to whoever connects, then ends. */
async function sender(writes: Buffer[], gapMs = 0): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((socket) => {
    void (async () => {
      for (const w of writes) {
        socket.write(w);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
      socket.end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** Dials with large reads; pauses at once when `pauseMs` is set, then resumes after it. Resolves with every chunk. */
function receive(port: number, pauseMs = 0): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1', onread: largeSocketReads() });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(chunks));
    socket.on('error', reject);
    if (pauseMs > 0) {
      socket.pause();
      setTimeout(() => {
        if (chunks.length > 0) reject(new Error('data delivered while the socket was paused'));
        else socket.resume();
      }, pauseMs);
    }
  });
}

/** True if no two chunks share bytes of one ArrayBuffer. */
function disjoint(chunks: Buffer[]): boolean {
  const byBuffer = new Map<ArrayBufferLike, Array<[number, number]>>();
  for (const c of chunks) {
    const list = byBuffer.get(c.buffer) ?? [];
    list.push([c.byteOffset, c.byteOffset + c.byteLength]);
    byBuffer.set(c.buffer, list);
  }
  for (const list of byBuffer.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i]![0] < list[i - 1]![1]) return false;
  }
  return true;
}

describe('large socket reads', () => {
  it('deliver every byte in order, reads past 64 KiB when the kernel holds more, each region handed out once', async () => {
    const writes = Array.from({ length: 32 }, () => randomBytes(256 * 1024));
    const server = await sender(writes);
    try {
      // Paused for a while, the kernel queues more than Node's usual 64 KiB read.
      const chunks = await receive(server.port, 150);
      expect(sha(chunks)).toBe(sha(writes));
      expect(Math.max(...chunks.map((c) => c.byteLength))).toBeGreaterThan(64 * 1024);
      expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThanOrEqual(READ_BUFFER_BYTES);
      expect(disjoint(chunks)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('copies short reads out, so a small message does not keep a read buffer alive', async () => {
    const writes = Array.from({ length: 40 }, (_, i) => randomBytes(100 + i));
    const server = await sender(writes, 2);
    try {
      const chunks = await receive(server.port);
      expect(sha(chunks)).toBe(sha(writes));
      const short = chunks.filter((c) => c.byteLength < COPY_BELOW_BYTES);
      expect(short.length).toBeGreaterThan(10);
      for (const c of short) expect(c.buffer.byteLength).toBeLessThan(READ_BUFFER_BYTES);
    } finally {
      server.close();
    }
  });

  it('are what the node stack reads a dialled connection with', async () => {
    const PROTOCOL = '/seedcast/test-reads/1.0.0';
    const push = jest.spyOn(net.Socket.prototype, 'push');
    const nodes: Libp2p[] = [];
    try {
      const [a, b] = await Promise.all([bareLibp2p(), bareLibp2p()]);
      nodes.push(a, b);
      const payload = randomBytes(4 * 1024 * 1024);
      let received = 0;
      const done = new Promise<void>((resolve) => {
        void b.handle(PROTOCOL, (stream) => {
          stream.addEventListener('message', (evt) => {
            received += evt.data.byteLength;
            if (received === payload.length) resolve();
          });
        });
      });
      // b dials a, then receives from a over that connection: b's socket is the dialled one.
      const conn = await b.dial(a.getMultiaddrs()[0]!);
      expect(conn.direction).toBe('outbound');
      while (a.getConnections(b.peerId).length === 0) await new Promise((r) => setTimeout(r, 5));
      const out = await a.getConnections(b.peerId)[0]!.newStream(PROTOCOL);
      push.mockClear();
      for (let at = 0; at < payload.length; at += 256 * 1024) out.send(payload.subarray(at, at + 256 * 1024));
      await done;
      const sizes = push.mock.calls.map(([chunk]) => (chunk as Uint8Array | null)?.byteLength ?? 0);
      expect(Math.max(...sizes)).toBeGreaterThan(64 * 1024);
    } finally {
      push.mockRestore();
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
});
