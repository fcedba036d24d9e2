// Peer exchange inside the piece protocol (BitTorrent's PEX, in our words): a node tells each
// session of a content which other peers it has a session with for that content, at the
// addresses those peers signed themselves (libp2p identify, the peer store's certified
// addresses). A downloader connected to one member of a swarm so finds the others, without a
// provider record on chain and without a DHT.
import type { Libp2p } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { isDialableAddr, isLoopbackAddr, parseBinaryPeerAddr, signedAddrsOf } from '../p2p/peerBook.js';
import { MAX_PEX_ADDR_BYTES, MAX_PEX_PEERS } from './protocol.js';
import type { Session } from './session.js';

/** Addresses per peer in a Peers message (a host rarely listens on more that matter). */
const ADDRS_PER_PEER = 2;

/**
 * Each peer's signed addresses, as binary multiaddrs ending in /p2p/<peer> (none if not
 * identified yet). Loopback ones too: the receiver dials those only if it is on loopback itself.
 */
export async function signedAddrs(libp2p: Libp2p, peers: string[]): Promise<Map<string, Uint8Array[]>> {
  const out = new Map<string, Uint8Array[]>();
  for (const peer of peers) {
    const addrs = await signedAddrsOf(libp2p, peer, { allowLoopback: true, maxBytes: MAX_PEX_ADDR_BYTES, max: ADDRS_PER_PEER });
    if (addrs.length > 0) out.set(peer, addrs.map((a) => a.bytes));
  }
  return out;
}

/**
 * Remembers, per session, the peers it has been told of, and builds the Peers message a session
 * should get now: undefined when it would learn no peer it was not told of already.
 */
export class PeerExchange {
  private readonly told = new WeakMap<Session, Set<string>>();

  messageFor(s: Session, known: Map<string, Uint8Array[]>): { type: 'peers'; addrs: Uint8Array[] } | undefined {
    const told = this.told.get(s) ?? new Set<string>();
    const others = [...known.keys()].filter((p) => p !== s.peer);
    const fresh = others.filter((p) => !told.has(p));
    if (fresh.length === 0) return undefined;
    // The new ones first; the message holds at most MAX_PEX_PEERS addresses.
    const addrs: Uint8Array[] = [];
    for (const p of [...fresh, ...others.filter((x) => told.has(x))]) {
      for (const a of known.get(p)!) if (addrs.length < MAX_PEX_PEERS) addrs.push(a);
      told.add(p);
      if (addrs.length >= MAX_PEX_PEERS) break;
    }
    this.told.set(s, told);
    return { type: 'peers', addrs };
  }
}

/** Throws unless every address parses and names a peer (a malformed Peers message). */
export function checkPeerAddrs(addrs: Uint8Array[]): void {
  for (const a of addrs) parseBinaryPeerAddr(a);
}

/**
 * The peers of a Peers message we can dial, each with its addresses, not `self`: loopback
 * addresses only when the sender itself reached us over loopback.
 */
export function dialablePeers(addrs: Uint8Array[], self: string, senderAddr?: Multiaddr): Map<string, Multiaddr[]> {
  const allowLoopback = senderAddr !== undefined && isLoopbackAddr(senderAddr);
  const out = new Map<string, Multiaddr[]>();
  for (const bytes of addrs) {
    const { peer, addr } = parseBinaryPeerAddr(bytes);
    if (peer === self || !isDialableAddr(addr, allowLoopback)) continue;
    out.set(peer, [...(out.get(peer) ?? []), addr]);
  }
  return out;
}
