// What the swarm needs from the peer-to-peer layer: the libp2p node, peers worth asking, and a
// way to ban a peer that sent provably bad data. The node adapts its P2PHost to this; a
// benchmark or a bare swarm peer uses `bareSwarmContext`.
import type { Libp2p } from '@libp2p/interface';
import type { Logger } from '../consensus/interface.js';
import { connectionsTo } from '../p2p/peerBook.js';

export interface SwarmContext {
  readonly libp2p: Libp2p;
  readonly log: Logger;
  /** Connected peers worth asking for content (peer id strings). */
  peers(): string[];
  /** Provably bad data (a block that fails its hash): disconnect and refuse the peer for a while. */
  ban(peer: string, reason: string): void;
  isBanned(peer: string): boolean;
}

/** A context over a bare libp2p node: every connected peer counts, bans are kept here. */
export function bareSwarmContext(libp2p: Libp2p, log: Logger, banMs = 10 * 60_000): SwarmContext {
  const bannedUntil = new Map<string, number>();
  const isBanned = (peer: string): boolean => {
    const until = bannedUntil.get(peer);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    bannedUntil.delete(peer);
    return false;
  };
  libp2p.addEventListener('peer:connect', (evt) => {
    if (isBanned(evt.detail.toString())) void libp2p.hangUp(evt.detail).catch(() => {});
  });
  return {
    libp2p,
    log,
    peers: () => [...new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()))].filter((p) => !isBanned(p)),
    ban(peer, reason) {
      bannedUntil.set(peer, Date.now() + banMs);
      log.warn('swarm: banning peer', { peer, reason });
      for (const conn of connectionsTo(libp2p, peer)) void conn.close().catch(() => {});
    },
    isBanned,
  };
}
