// Listen and peer addresses: libp2p multiaddrs, or CometBFT-style tcp://HOST:PORT for listening.
import { isIPv4, isIPv6 } from 'node:net';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import { P2PError, errorMessage } from './errors.js';

/** `/ip4/127.0.0.1/tcp/0` or `tcp://127.0.0.1:0` (port 0 picks a free port). */
export function listenMultiaddr(listen: string): string {
  if (listen.startsWith('/')) {
    try {
      return multiaddr(listen).toString();
    } catch (err) {
      throw new P2PError('P2P_BAD_LISTEN_ADDR', `invalid listen multiaddr "${listen}": ${errorMessage(err)}`, { listen });
    }
  }
  const m = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(listen);
  if (!m || Number(m[2]) > 65535) {
    throw new P2PError('P2P_BAD_LISTEN_ADDR', `invalid listen address "${listen}": expected tcp://HOST:PORT or /ip4/HOST/tcp/PORT`, { listen });
  }
  let host = m[1]!.replace(/^\[|\]$/g, '');
  if (host === 'localhost') host = '127.0.0.1';
  if (isIPv4(host)) return `/ip4/${host}/tcp/${m[2]}`;
  if (isIPv6(host)) return `/ip6/${host}/tcp/${m[2]}`;
  throw new P2PError('P2P_BAD_LISTEN_ADDR', `listen host "${host}" must be an IP address`, { listen });
}

export interface PeerAddr {
  id: string;
  peerId: PeerId;
  addr: Multiaddr;
}

/** A dialable peer: a multiaddr ending in /p2p/<peer id>. */
export function parsePeerAddr(s: string): PeerAddr {
  let addr: Multiaddr;
  try {
    addr = multiaddr(s.trim());
  } catch (err) {
    throw new P2PError('P2P_BAD_PEER_ADDR', `invalid peer multiaddr "${s}": ${errorMessage(err)}`, { addr: s });
  }
  const id = addr.getComponents().filter((c) => c.name === 'p2p').pop()?.value;
  if (!id) throw new P2PError('P2P_BAD_PEER_ADDR', `peer multiaddr "${s}" needs a /p2p/<peer id> part`, { addr: s });
  try {
    return { id, peerId: peerIdFromString(id), addr };
  } catch (err) {
    throw new P2PError('P2P_BAD_PEER_ADDR', `bad peer id in "${s}": ${errorMessage(err)}`, { addr: s });
  }
}
