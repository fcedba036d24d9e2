// The baseline for bench:p2p: the same exchanges over a bare TCP socket on 127.0.0.1 in this
// process (no encryption, no muxer, no protobuf), with a 4-byte length prefix per message.
import { createServer, connect, type Socket } from 'node:net';

/** Delivers each length-prefixed message of a socket to `cb` (chunks joined once per message). */
function frames(sock: Socket, cb: (msg: Buffer) => void): void {
  let chunks: Buffer[] = [];
  let have = 0;
  sock.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    have += chunk.length;
    for (;;) {
      if (have < 4) return;
      const head = chunks[0]!.length >= 4 ? chunks[0]! : Buffer.concat(chunks);
      const need = 4 + head.readUInt32BE(0);
      if (have < need) return;
      const all: Buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      cb(all.subarray(4, need));
      const rest = all.subarray(need);
      chunks = rest.length ? [rest] : [];
      have = rest.length;
    }
  });
}

const framed = (payload: Uint8Array) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (payload.length >>> (24 - 8 * i)) & 0xff)), payload]);

/** One-way latency p50/p99 (half a ping-pong) of `count` messages of `size` bytes, and one `bigBytes` transfer in ms. */
export async function rawTcpBaseline(count: number, size: number, bigBytes: number): Promise<{ p50: number; p99: number; bigMs: number }> {
  const server = createServer((s) => frames(s, (m) => { if (m.length < bigBytes) s.write(framed(m)); else s.write(framed(Buffer.from([1]))); }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const sock = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise<void>((r) => sock.once('connect', r));
  let waiter: (() => void) | undefined;
  frames(sock, () => waiter?.());
  const roundTrip = (payload: Uint8Array) => new Promise<void>((resolve) => { waiter = resolve; sock.write(framed(payload)); });
  const rtts: number[] = [];
  const small = new Uint8Array(size).fill(2);
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await roundTrip(small);
    rtts.push(performance.now() - t0);
  }
  rtts.sort((a, b) => a - b);
  const t1 = performance.now();
  await roundTrip(new Uint8Array(bigBytes).fill(3));
  const bigMs = performance.now() - t1;
  sock.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return { p50: rtts[Math.floor(count / 2)]! / 2, p99: rtts[Math.floor(count * 0.99)]! / 2, bigMs };
}
