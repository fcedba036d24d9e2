// Bootstrap peers and peer exchange between real libp2p hosts on 127.0.0.1.
import type { Libp2p, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { encodeFrame, frameHeader } from '../../../src/p2p/framing.js';
import { P2PHost } from '../../../src/p2p/host.js';
import { PROTOCOL_PEX, PROTOCOL_STATUS } from '../../../src/p2p/options.js';
import { encodePexResponse } from '../../../src/p2p/pex.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';
import { encodeStatus } from '../../../src/p2p/syncCodec.js';
import { TEST_TUNING, isPeer, sleep, waitFor, writeNodeKey } from './harness.js';

const CHAIN = 'seedcast-test';
const hosts: P2PHost[] = [];
const raws: Libp2p[] = [];

async function host(bootstrapPeers: string[] = []): Promise<P2PHost> {
  const h = await P2PHost.create({
    nodeKeyPath: writeNodeKey(),
    listen: '/ip4/127.0.0.1/tcp/0',
    persistentPeers: [],
    bootstrapPeers,
    chainId: CHAIN,
    statusProvider: () => ({ height: 1n, base: 1n }),
    blockProvider: async () => undefined,
    tuning: { ...TEST_TUNING, pexIntervalMs: 200, pexDialRetryMs: 500 },
  });
  hosts.push(h);
  return h;
}

afterAll(async () => {
  await Promise.all([...hosts.map((h) => h.stop()), ...raws.map((r) => r.stop())]);
});

const fullMesh = (all: P2PHost[]) => all.every((h) => all.every((o) => o === h || isPeer(h, o)));

test('hosts that only know one bootstrap peer end up connected to each other', async () => {
  const a = await host();
  const others = await Promise.all([host(a.multiaddrs()), host(a.multiaddrs()), host(a.multiaddrs())]);
  await waitFor('every host connected to every other', () => fullMesh([a, ...others]), 8000);
  // Each host dialled its bootstrap peer or learnt the others from it: none of them knew B, C, D.
  for (const h of others) expect(h.peers().map((p) => p.id).sort()).toEqual([a, ...others].filter((o) => o !== h).map((o) => o.peerId).sort());
});

test('an answer lists ready peers at their signed addresses, never the asker, never a banned peer', async () => {
  const a = await host();
  const b = await host(a.multiaddrs());
  const c = await host(a.multiaddrs());
  await waitFor('A has B and C', () => isPeer(a, b) && isPeer(a, c));
  a.penalise(c.peerId, 'fatal', 'test ban');
  await waitFor('C dropped by A', () => !isPeer(a, c));
  const e = await host(a.multiaddrs());
  await waitFor('E ready with A', () => isPeer(e, a));
  const answer = await e.pex.ask(a.peerId);
  expect([...answer.keys()]).toEqual([b.peerId]);
  expect(answer.get(b.peerId)!.map(String)).toEqual(b.multiaddrs());
  // Banned at A, C stays unknown to A's peers through A, and cannot come back.
  await sleep(400);
  expect(isPeer(a, c)).toBe(false);
  expect([...(await e.pex.ask(a.peerId)).keys()]).not.toContain(c.peerId);
});

/** A libp2p node that passes the status check and answers every PEX request with `frame`. */
async function pexResponder(frameChunks: Uint8Array[]): Promise<Libp2p> {
  const raw = await bareLibp2p();
  raws.push(raw);
  const answer = (chunks: Uint8Array[]) => async (stream: Stream) => {
    for (const c of chunks) stream.send(c);
    await stream.close().catch(() => {});
  };
  await raw.handle(PROTOCOL_STATUS, answer([encodeFrame(encodeStatus({ chainId: CHAIN, height: 1n, base: 1n }))]));
  await raw.handle(PROTOCOL_PEX, answer(frameChunks));
  return raw;
}

test('junk, overfull and oversized PEX answers get the answering peer dropped; a valid one does not', async () => {
  const someone = (i: number) => multiaddr(`/ip4/10.0.0.${i}/tcp/26656/p2p/12D3KooWPfC3JpHiux6yEYoYhRJowJ4x7z88ehqGCgLMwvw7Mj5x`);
  const cases: [string, Uint8Array[], boolean][] = [
    ['valid answer', [encodeFrame(encodePexResponse([someone(1)]))], false],
    ['junk bytes', [encodeFrame(Uint8Array.from([0xff, 0xff, 0xff, 0x01]))], true],
    ['junk multiaddr', [encodeFrame(Uint8Array.from([0x0a, 0x03, 0xff, 0xff, 0x01]))], true],
    ['33 entries', [encodeFrame(encodePexResponse(Array.from({ length: 33 }, (_, i) => someone(i + 1))))], true],
    ['oversized frame', [frameHeader(1024 * 1024), new Uint8Array(2048)]],
  ].map(([what, chunks, dropped]) => [what as string, chunks as Uint8Array[], dropped !== false]);
  await Promise.all(
    cases.map(async ([what, chunks, dropped]) => {
      const raw = await pexResponder(chunks);
      const rawId = raw.peerId.toString();
      const b = await host(raw.getMultiaddrs().map(String));
      await waitFor(`${what}: B reaches the responder`, () => b.peers().some((p) => p.id === rawId));
      if (dropped) {
        await waitFor(`${what}: responder dropped`, () => raw.getConnections().length === 0 && !b.peers().some((p) => p.id === rawId));
        // Banned: the bootstrap redial is refused by B's connection gater.
        await sleep(600);
        expect(b.peers().some((p) => p.id === rawId)).toBe(false);
      } else {
        await sleep(800); // several PEX rounds
        expect(b.peers().some((p) => p.id === rawId)).toBe(true);
      }
    }),
  );
});
