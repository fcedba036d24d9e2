// A quick in-process figure: one seeder -> one leecher, beside a raw libp2p stream between two
// nodes in the same process (both share one event loop here; the BENCH helper measures
// separate processes). Prints the figures; asserts only a loose floor so it cannot flake.
import { cleanTempDirs, bareNode, connect, type Peer, seedRandom, startPeer, MiB } from './harness.js';

const SIZE = Number(process.env.SWARM_TEST_MB ?? 64) * MiB;

async function rawStreamMBps(bytes: number): Promise<number> {
  const a = await bareNode();
  const b = await bareNode();
  try {
    let got = 0;
    const done = new Promise<void>((resolve) => {
      void b.handle('/raw/1', (stream) => {
        stream.addEventListener('message', (e) => {
          got += (e.data as Uint8Array).byteLength;
          if (got >= bytes) resolve();
        });
      });
    });
    await a.dial(b.getMultiaddrs()[0]!);
    const s = await a.dialProtocol(b.peerId, '/raw/1');
    const chunk = new Uint8Array(256 * 1024);
    const t0 = performance.now();
    for (let sent = 0; sent < bytes; sent += chunk.length) if (!s.send(chunk)) await s.onDrain();
    await done;
    return bytes / 1e6 / ((performance.now() - t0) / 1000);
  } finally {
    await a.stop();
    await b.stop();
  }
}

describe('swarm throughput (in-process)', () => {
  const peers: Peer[] = [];
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
    cleanTempDirs();
  });

  it('one seeder -> one leecher vs a raw libp2p stream', async () => {
    const raw = await rawStreamMBps(SIZE);
    const seeder = await startPeer();
    const leecher = await startPeer();
    peers.push(seeder, leecher);
    const content = await seedRandom(seeder, SIZE);
    await connect(leecher, seeder);
    const t0 = performance.now();
    await leecher.swarm.download(content.contentId, { plainSize: content.layout.plainSize, pieceBlocks: 16 });
    const mbps = SIZE / 1e6 / ((performance.now() - t0) / 1000);
    console.log(`swarm in-process: ${mbps.toFixed(0)} MB/s; raw libp2p stream in-process: ${raw.toFixed(0)} MB/s; ratio ${(mbps / raw).toFixed(2)} (${SIZE / MiB} MiB)`);
    expect(mbps).toBeGreaterThan(5);
  });
});
