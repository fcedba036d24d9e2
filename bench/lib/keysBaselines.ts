// bench:keys baselines, measured in the same run:
//  - transport ceiling: raw libp2p request/response of the same frame sizes, no crypto, the same
//    stream-per-request pattern, clients and concurrency as the agent;
//  - crypto ceiling: one thread doing, per request, what the agent and the asker must compute
//    (decode + signature verify + owner address + ECIES seal of the bundle + ECIES open).
import type { Libp2p } from '@libp2p/interface';
import { KeyBundle, KeyRequest } from '../../src/codec/seedcast/keys.js';
import { openSealed, sealTo, type X25519Keypair } from '../../src/crypto/ecies.js';
import { bundleContext } from '../../src/keyagent/constants.js';
import { ownerAddressOf, verifyKeyRequest } from '../../src/keyagent/signing.js';
import { readOneFrame, sendFrame } from '../../src/p2p/streams.js';
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
