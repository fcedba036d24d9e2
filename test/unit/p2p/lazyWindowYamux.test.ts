// Window updates of the node's yamux: deferred to half a window, over real libp2p connections on
// 127.0.0.1, with stock @libp2p/yamux as the reference. The receiver's muxer frames are counted.
import type { Libp2p, Stream } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { lazyWindowYamux, onEachMuxer } from '../../../src/p2p/lazyWindowYamux.js';
import { bareLibp2p, libp2pStack } from '../../../src/p2p/stack.js';

const PROTOCOL = '/seedcast/test-window/1.0.0';
const WINDOW_UPDATE = 1; // yamux frame type

/** Wraps a muxer factory so that every frame its muxers send is counted by type. */
function counted(factory: ReturnType<typeof yamux>) {
  const windowUpdates = { count: 0 };
  const wrapped = onEachMuxer(factory, (muxer) => {
    const m = muxer as unknown as { sendFrame: (h: { type: number; flag: number }, data?: unknown) => boolean };
    const send = m.sendFrame.bind(muxer);
    m.sendFrame = (h, data) => {
      if (h.type === WINDOW_UPDATE && h.flag === 0) windowUpdates.count++;
      return send(h, data);
    };
  });
  return { factory: wrapped, windowUpdates };
}

async function receiver(muxer: ReturnType<typeof yamux>) {
  const node = await bareLibp2p('/ip4/127.0.0.1/tcp/0', libp2pStack(tcp(), muxer));
  let received = 0;
  const done: { expect: number; resolve?: () => void } = { expect: Infinity };
  await node.handle(PROTOCOL, (stream: Stream) => {
    stream.addEventListener('message', (evt) => {
      received += evt.data.byteLength;
      if (received >= done.expect) done.resolve?.();
    });
  });
  const until = (bytes: number) =>
    new Promise<void>((resolve) => {
      done.expect = bytes;
      done.resolve = resolve;
      if (received >= bytes) resolve();
    });
  return { node, until };
}

async function sendMessages(from: Libp2p, to: Libp2p, sizes: number[]): Promise<void> {
  const stream = await from.dialProtocol(to.getMultiaddrs()[0]!, PROTOCOL);
  for (const size of sizes) {
    if (!stream.send(new Uint8Array(size).fill(7))) await new Promise((r) => stream.addEventListener('drain', r, { once: true }));
    await new Promise((r) => setImmediate(r)); // one data frame per message
  }
}

describe('lazy-window yamux', () => {
  const nodes: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  test('200 small messages: stock yamux answers each with a window update, ours with none', async () => {
    const sizes = new Array(200).fill(100);
    const total = 200 * 100;
    const figures: number[] = [];
    for (const muxer of [yamux(), lazyWindowYamux()]) {
      const c = counted(muxer);
      const r = await receiver(c.factory);
      const sender = await bareLibp2p();
      nodes.push(r.node, sender);
      await sendMessages(sender, r.node, sizes);
      await r.until(total);
      figures.push(c.windowUpdates.count);
    }
    const [stock, lazy] = figures;
    expect(stock).toBeGreaterThanOrEqual(150);
    expect(lazy).toBeLessThanOrEqual(1);
  }, 30_000);

  test('8 MiB through a 256 KiB window arrives whole, with about one update per half window', async () => {
    const c = counted(lazyWindowYamux());
    const r = await receiver(c.factory);
    const sender = await bareLibp2p();
    nodes.push(r.node, sender);
    const sizes = new Array(128).fill(64 * 1024);
    await sendMessages(sender, r.node, sizes);
    await r.until(8 * 1024 * 1024);
    expect(c.windowUpdates.count).toBeGreaterThanOrEqual(4);
    expect(c.windowUpdates.count).toBeLessThanOrEqual(80);
  }, 30_000);
});
