// Libp2p helpers for the swarm benchmark's child processes: bare nodes on the node's own stack
// (src/p2p/stack.ts: TCP + noise + yamux + identify) or on stock libp2p's (the raw baseline),
// their addresses, and parsing a peer address.
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';

export { bareLibp2p, stockLibp2p } from '../../src/p2p/stack.js';

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
