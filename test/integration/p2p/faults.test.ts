import { identify } from '@libp2p/identify';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { ConsensusMessage } from '../../../src/consensus/interface.js';
import { P2PError } from '../../../src/p2p/errors.js';
import { encodeFrame, frameHeader } from '../../../src/p2p/framing.js';
import type { P2PHost } from '../../../src/p2p/host.js';
import { PROTOCOL_BLOCKSYNC, PROTOCOL_CONSENSUS, PROTOCOL_TX } from '../../../src/p2p/options.js';
import { makeBlock, makeCommit, makeVote } from '../../unit/p2p/fixtures.js';
import { isPeer, sleep, startHost, waitFor, writeNodeKey } from './harness.js';

const hosts: P2PHost[] = [];
async function host(...args: Parameters<typeof startHost>): Promise<P2PHost> {
  const h = await startHost(...args);
  hosts.push(h);
  return h;
}
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
});

function rawNode() {
  return createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()], services: { identify: identify() } });
}

test('junk and oversized frames on raw streams get the sender dropped and refused; the others keep going', async () => {
  const a = await host();
  const b = await host({ peers: a.multiaddrs() });
  await waitFor('A-B', () => isPeer(a, b) && isPeer(b, a));
  const atB: ConsensusMessage[] = [];
  b.transport.onMessage((m) => atB.push(m));
  const target = multiaddr(a.multiaddrs()[0]!);

  const cases: [string, string, Uint8Array[]][] = [
    ['junk consensus frame', PROTOCOL_CONSENSUS, [encodeFrame(Uint8Array.from([0xff, 0xff, 0xff, 0x01, 0x02]))]],
    ['oversized consensus frame', PROTOCOL_CONSENSUS, [frameHeader(100 * 1024 * 1024), new Uint8Array(1000)]],
    ['oversized vote', PROTOCOL_CONSENSUS, [encodeFrame(Uint8Array.from([0x12, 0xff, 0x7f, ...new Uint8Array(16383)]))]],
    ['junk tx batch', PROTOCOL_TX, [encodeFrame(Uint8Array.from([0x10, 0x01]))]],
    ['junk block request', PROTOCOL_BLOCKSYNC, [encodeFrame(Uint8Array.from([0x08, 0x00]))]],
  ];
  for (const [what, protocol, chunks] of cases) {
    const raw = await rawNode();
    try {
      const stream = await raw.dialProtocol(target, protocol);
      for (const c of chunks) stream.send(c);
      await waitFor(`${what}: sender dropped`, () => raw.getConnections().length === 0);
      // Refused while banned: the dial fails, or the connection is closed right after the handshake.
      await raw.dial(target, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      await waitFor(`${what}: redial refused`, () => raw.getConnections().length === 0, 1000);
      await sleep(100);
      expect(raw.getConnections()).toHaveLength(0);
    } finally {
      await raw.stop();
    }
  }
  const vote = makeVote(9n);
  a.transport.broadcast({ type: 'vote', vote });
  await waitFor('vote still reaches B', () => atB.length === 1);
  expect(atB[0]).toEqual({ type: 'vote', vote });
  expect(isPeer(a, b)).toBe(true);
});

test('a host on another chain id is refused', async () => {
  const a = await host();
  const other = await host({ chainId: 'other-chain', peers: a.multiaddrs() });
  const friend = await host({ peers: a.multiaddrs() });
  await waitFor('friend joins', () => isPeer(a, friend));
  await sleep(800);
  expect(isPeer(a, other)).toBe(false);
  expect(isPeer(other, a)).toBe(false);
  const got: ConsensusMessage[] = [];
  other.transport.onMessage((m) => got.push(m));
  a.transport.broadcast({ type: 'vote', vote: makeVote(2n) });
  await sleep(200);
  expect(got).toHaveLength(0);
});

test('a stopped persistent peer that comes back is redialled', async () => {
  const keyPath = writeNodeKey();
  let b = await startHost({ keyPath });
  const a = await host({ peers: b.multiaddrs() });
  await waitFor('A-B', () => isPeer(a, b));
  const addr = b.multiaddrs()[0]!;
  const port = /\/tcp\/(\d+)/.exec(addr)![1];
  await b.stop();
  await waitFor('A sees B gone', () => a.peers().length === 0);
  await sleep(600); // A is backing off by now
  b = await host({ keyPath, listen: `tcp://127.0.0.1:${port}` });
  await waitFor('A redials B', () => isPeer(a, b) && isPeer(b, a), 4000);
});

test('status heights propagate and block sync fails over from a peer that does not answer', async () => {
  let heightA = 10n;
  const asked: string[] = [];
  const block = makeBlock(7n, [300]);
  const commit = makeCommit(7n);
  const silent = await host({ height: () => heightA, blockProvider: () => { asked.push('silent'); return new Promise(() => {}); } });
  const good = await host({ height: () => 8n, blockProvider: async (h) => { asked.push('good'); return h === 7n ? { block, commit } : undefined; } });
  const syncer = await host({ peers: [...silent.multiaddrs(), ...good.multiaddrs()] });
  await waitFor('syncer sees both', () => isPeer(syncer, silent) && isPeer(syncer, good));
  await waitFor('heights', () => syncer.blockSource.maxPeerHeight() === 10n);
  heightA = 42n;
  await waitFor('new height propagates', () => syncer.blockSource.maxPeerHeight() === 42n, 2000);

  for (let i = 0; i < 2; i++) {
    const got = await syncer.blockSource.fetchBlock(7n);
    expect(got.from).toBe(good.peerId);
    expect(got.block).toEqual(block);
    expect(got.commit).toEqual(commit);
  }
  expect(asked).toContain('silent'); // one of the two fetches asked the silent peer first
  expect(asked.filter((x) => x === 'good')).toHaveLength(2);

  // Only the silent peer claims height 20: it times out and nobody else has it.
  const err = await syncer.blockSource.fetchBlock(20n).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(P2PError);
  expect((err as P2PError).code).toBe('P2P_NO_PEER_HAS_BLOCK');
  await expect(syncer.blockSource.fetchBlock(100n)).rejects.toThrow(/P2P_NO_PEER_HAS_BLOCK/);
  // An aborted fetch gives up at once.
  const ac = new AbortController();
  ac.abort();
  await expect(syncer.blockSource.fetchBlock(7n, ac.signal)).rejects.toThrow(P2PError);
});
