// The raw libp2p baseline for bench:swarm: one stream between two processes over the node's
// STOCK libp2p stack (@libp2p/tcp + noise + yamux, libp2p defaults, without the node's corked
// TCP writes), so the ratio compares Seedcast with plain libp2p, the sender pushing `bytes` in fixed
// chunks as fast as the stream drains, the receiver acking the last byte. Run as a child:
//   rawLibp2p raw-listen <bytes>          prints {"event":"listening","pid","addrs"}
//   rawLibp2p raw-send <addr> <bytes>     prints {"event":"result","ms","MBps","msWithDial","MBpsWithDial"} and exits
// Two spans: from the first write (after the dial) and from the dial itself, which is the span
// the Seedcast leecher measures (its download() dials, handshakes and fetches the piece layer).
import { randomBytes } from 'node:crypto';
import { multiaddr } from '@multiformats/multiaddr';
import { dialAddrs, stockLibp2p } from './swarmNet.js';
import { isEntry } from './swarmBuild.js';
import { busyCpuSeconds, TimedChild, type TimeV } from './swarmProc.js';

const PROTOCOL = '/seedcast/bench-raw/1.0.0';
const CHUNK_BYTES = Number(process.env.RAW_CHUNK_BYTES ?? 64 * 1024);

const say = (o: object): void => void process.stdout.write(JSON.stringify(o) + '\n');

async function listen(total: number): Promise<void> {
  const node = await stockLibp2p();
  await node.handle(
    PROTOCOL,
    (stream) => {
      let got = 0;
      stream.addEventListener('message', (evt) => {
        got += evt.data.byteLength;
        if (got >= total) {
          stream.send(Uint8Array.of(1));
          void stream.close().catch(() => {});
        }
      });
    },
    { maxInboundStreams: 4 },
  );
  say({ event: 'listening', pid: process.pid, addrs: dialAddrs(node) });
  process.once('SIGTERM', () => void Promise.resolve(node.stop()).finally(() => process.exit(0)));
}

async function send(addr: string, total: number): Promise<void> {
  const node = await stockLibp2p();
  const tDial = performance.now();
  const stream = await node.dialProtocol(multiaddr(addr), PROTOCOL);
  const acked = new Promise<void>((resolve) => stream.addEventListener('message', () => resolve(), { once: true }));
  const chunk = randomBytes(CHUNK_BYTES); // the same bytes each time: nothing here reads them
  const t0 = performance.now();
  for (let sent = 0; sent < total; ) {
    const n = Math.min(CHUNK_BYTES, total - sent);
    const more = stream.send(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n));
    sent += n;
    if (!more) await stream.onDrain();
  }
  await acked;
  const tEnd = performance.now();
  const ms = tEnd - t0;
  const msWithDial = tEnd - tDial;
  say({ event: 'result', pid: process.pid, ms, MBps: total / 1e6 / (ms / 1000), msWithDial, MBpsWithDial: total / 1e6 / (msWithDial / 1000), chunkBytes: CHUNK_BYTES });
  await node.stop();
  process.exit(0);
}

export interface RawLibp2pResult {
  /** From the first write to the receiver's ack (connection already up). */
  MBps: number;
  ms: number;
  /** From the dial (connection setup included, as Seedcast's download() span) to the ack. */
  MBpsWithDial: number;
  msWithDial: number;
  chunkBytes: number;
  sender: TimeV;
  receiver: TimeV;
  /** Cores used by other processes on the machine meanwhile (noise indicator). */
  otherCores: number;
}

/** One measurement: a receiver and a sender process, `bytes` over one stream. */
export async function runRawLibp2p(entry: string[], bytes: number, dir: string): Promise<RawLibp2pResult> {
  const busy0 = busyCpuSeconds();
  const wall0 = performance.now();
  const receiver = new TimedChild('raw-receiver', [...entry, 'raw-listen', String(bytes)], dir);
  try {
    const { addrs } = (await receiver.waitFor('listening', 30_000)) as unknown as { addrs: string[] };
    const sender = new TimedChild('raw-sender', [...entry, 'raw-send', addrs[0]!, String(bytes)], dir);
    const r = (await sender.waitFor('result', 300_000)) as unknown as { ms: number; MBps: number; msWithDial: number; MBpsWithDial: number; chunkBytes: number };
    const s = await sender.exited;
    const rcv = await receiver.stop();
    const ours = s.time.userS + s.time.sysS + rcv.time.userS + rcv.time.sysS;
    const otherCores = (busyCpuSeconds() - busy0 - ours) / ((performance.now() - wall0) / 1000);
    return { MBps: r.MBps, ms: r.ms, MBpsWithDial: r.MBpsWithDial, msWithDial: r.msWithDial, chunkBytes: r.chunkBytes, sender: s.time, receiver: rcv.time, otherCores };
  } finally {
    await receiver.stop();
  }
}

if (isEntry('rawLibp2p')) {
  const [role, a, b] = process.argv.slice(2);
  const run = role === 'raw-listen' ? listen(Number(a)) : role === 'raw-send' ? send(a!, Number(b)) : Promise.reject(new Error(`unknown role ${role}`));
  run.catch((err: unknown) => {
    say({ event: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
}
