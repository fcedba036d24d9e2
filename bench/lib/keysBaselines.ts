// bench:keys baselines, measured in the same run:
//  - transport ceiling: raw libp2p request/response of the same frame sizes, no crypto, the same
//    clients and concurrency as the agent: pipelined on one stream per client (as the key
//    protocol), and one stream per request (what the protocol would cost without pipelining);
//  - crypto ceiling: one thread doing, per request, what the agent and the asker must compute
//    (decode + signature verify + owner address + ECIES seal of the bundle + ECIES open).
import type { Libp2p, Stream } from '@libp2p/interface';
import { KeyBundle, KeyRequest } from '../../src/codec/seedcast/keys.js';
import { openSealed, sealTo, type X25519Keypair } from '../../src/crypto/ecies.js';
import { bundleContext } from '../../src/keyagent/constants.js';
import { ownerAddressOf, verifyKeyRequest } from '../../src/keyagent/signing.js';
import { encodeFrame } from '../../src/p2p/framing.js';
import { readFrames, readOneFrame, sendFrame } from '../../src/p2p/streams.js';
import { closedLoop, type LoadResult } from './keysLoad.js';

const RAW_PROTOCOL = '/seedcast/bench-keys-raw/1.0.0';

export async function rawRequestResponse(server: Libp2p, clients: Libp2p[], requestBytes: number, responseBytes: number, samples: number, concurrency: number): Promise<LoadResult> {
  const answer = new Uint8Array(responseBytes).fill(7);
  await server.handle(
    RAW_PROTOCOL,
    async (stream) => {
      await readOneFrame(stream, 1 << 16, AbortSignal.timeout(10_000));
      sendFrame(stream, answer);
      await stream.close().catch(() => {});
    },
    { maxInboundStreams: 1024 },
  );
  const request = new Uint8Array(requestBytes).fill(3);
  for (const c of clients) await c.dial(server.getMultiaddrs());
  try {
    return await closedLoop(samples, concurrency, async (_i, worker) => {
      const stream = await clients[worker % clients.length]!.dialProtocol(server.peerId, RAW_PROTOCOL);
      sendFrame(stream, request);
      await readOneFrame(stream, 1 << 16, AbortSignal.timeout(10_000));
      void stream.close().catch(() => {});
    });
  } finally {
    await server.unhandle(RAW_PROTOCOL);
  }
}

const RAW_PIPELINED = '/seedcast/bench-keys-raw-pipelined/1.0.0';

/**
 * The same, pipelined as the key protocol is: one stream per client, each frame numbered in its
 * first 4 bytes, answers (same number) as soon as they are read. No crypto, no decoding.
 */
export async function rawPipelined(server: Libp2p, clients: Libp2p[], requestBytes: number, responseBytes: number, samples: number, concurrency: number): Promise<LoadResult> {
  await server.handle(
    RAW_PIPELINED,
    (stream) => {
      readFrames(stream, 1 << 16, (frame) => {
        const answer = new Uint8Array(responseBytes);
        answer.set(frame.subarray(0, 4));
        stream.send(encodeFrame(answer));
      }, () => {});
    },
    { maxInboundStreams: 1024 },
  );
  const pending = new Map<number, () => void>();
  const streams: Stream[] = [];
  for (const c of clients) {
    const stream = await c.dialProtocol(server.peerId, RAW_PIPELINED);
    readFrames(stream, 1 << 16, (frame) => {
      const id = new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0);
      pending.get(id)?.();
      pending.delete(id);
    }, () => {});
    streams.push(stream);
  }
  let nextId = 1;
  try {
    return await closedLoop(samples, concurrency, async (_i, worker) => {
      const id = nextId++;
      const frame = new Uint8Array(requestBytes);
      new DataView(frame.buffer).setUint32(0, id);
      const answered = new Promise<void>((resolve) => pending.set(id, resolve));
      streams[worker % streams.length]!.send(encodeFrame(frame));
      await answered;
    });
  } finally {
    for (const s of streams) await s.close().catch(() => {});
    await server.unhandle(RAW_PIPELINED);
  }
}

/** Requests per second one thread can check, seal and open (no network, no state lookups). */
export function cryptoCeiling(requests: KeyRequest[], bundle: KeyBundle, receiver: X25519Keypair): { perSec: number; msPerRequest: number } {
  const plain = KeyBundle.encode(bundle);
  const encoded = requests.map((r) => KeyRequest.encode(r));
  const t0 = performance.now();
  for (const bytes of encoded) {
    const req = KeyRequest.decode(bytes);
    if (!verifyKeyRequest(req)) throw new Error('bench request does not verify');
    ownerAddressOf(req.ownerPubkey);
    const sealed = sealTo(req.requesterX25519, plain, bundleContext(req.licenseId));
    openSealed(receiver.privateKey, sealed, bundleContext(req.licenseId));
  }
  const ms = performance.now() - t0;
  return { perSec: Math.round(encoded.length / (ms / 1000)), msPerRequest: Math.round((ms / encoded.length) * 1000) / 1000 };
}
