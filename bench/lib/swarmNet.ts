// A bare libp2p node for the swarm benchmark's child processes: the same transport stack as
// src/p2p/host.ts (TCP + noise + yamux + identify, libp2p defaults), a fresh random peer key,
// listening on 127.0.0.1, and none of the node's chain protocols.
import '../../src/polyfills.js';
import { identify } from '@libp2p/identify';
import type { Libp2p } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';

export async function bareLibp2p(): Promise<Libp2p> {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
}

/** The node's dialable addresses, each ending in /p2p/<peer id>. */
export function dialAddrs(node: Libp2p): string[] {
  return node.getMultiaddrs().map((a) => a.toString());
}

/** Peer id and addresses of a `/ip4/.../tcp/N/p2p/<id>` multiaddr string. */
export function peerOfAddr(addr: string): { peerId: string; addrs: string[] } {
  const peerId = multiaddr(addr).getComponents().find((c) => c.name === 'p2p')?.value;
  if (!peerId) throw new Error(`multiaddr without /p2p/<peer id>: ${addr}`);
  return { peerId, addrs: [addr] };
}
