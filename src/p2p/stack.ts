// The libp2p stack every Seedcast peer speaks: TCP (with coalesced socket writes, corkedTcp.ts, and
// reads of up to 1 MiB on dialled sockets, largeSocketReads.ts),
// noise (AES-256-GCM and 1 MiB messages between Seedcast nodes, aesGcmNoise.ts, stock noise with any
// other libp2p peer; large messages sealed without a copy, noiseCrypto.ts, and opened without
// one, copyFreeNoise.ts), yamux (window updates at half a window, lazyWindowYamux.ts), identify.
// The node's host adds its key, gater and limits; benchmarks and tests use `bareLibp2p`, so they
// measure and exercise the same stack as the node. `stockLibp2p` is plain libp2p (stock tcp,
// yamux and noise), the baseline the benchmarks compare against.
import '../polyfills.js';
import { identify } from '@libp2p/identify';
import type { Libp2p } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { createLibp2p } from 'libp2p';
import { copyFreeNoise } from './copyFreeNoise.js';
import { corkedTcp } from './corkedTcp.js';
import { lazyWindowYamux } from './lazyWindowYamux.js';
import { noiseCrypto } from './noiseCrypto.js';
import { aesGcmNoise } from './aesGcmNoise.js';

/**
 * The stack's services; the node's is corked TCP, lazy-window yamux and noise (AES-256-GCM first,
 * then ChaCha20-Poly1305: peers take the first they both speak); the benchmarks' baseline passes stock ones.
 */
export function libp2pStack(
  transport: ReturnType<typeof tcp> = corkedTcp(),
  muxer: ReturnType<typeof yamux> = lazyWindowYamux(),
  encrypters: Array<ReturnType<typeof noise>> = [aesGcmNoise(), copyFreeNoise({ crypto: noiseCrypto })],
) {
  return {
    transports: [transport],
    connectionEncrypters: encrypters,
    streamMuxers: [muxer],
    services: { identify: identify() },
  };
}

/** A started libp2p node with a fresh random key and only the stack: no Seedcast protocols. */
export function bareLibp2p(listen = '/ip4/127.0.0.1/tcp/0', stack = libp2pStack()): Promise<Libp2p> {
  return createLibp2p({ addresses: { listen: [listen] }, ...stack });
}

/** `bareLibp2p` over plain libp2p (stock @libp2p/tcp), none of our changes. */
export function stockLibp2p(listen = '/ip4/127.0.0.1/tcp/0'): Promise<Libp2p> {
  return bareLibp2p(listen, libp2pStack(tcp(), yamux(), [noise()]));
}
