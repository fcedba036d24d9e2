// Peer addresses for peer exchange: which ones are worth handing out or dialling (tcp, routable,
// naming the peer), and a memory of failed dials so an unreachable peer is not dialled every round.
import type { Connection, Libp2p } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';

const IP_NAMES = new Set(['ip4', 'ip6']);
const DNS_NAMES = new Set(['dns', 'dns4', 'dns6']);

function isLoopbackIp(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

function isUnspecifiedIp(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || /^0*:(0*:)*0*$/.test(ip);
}

/** True when `addr` is an IP address on the loopback interface. */
export function isLoopbackAddr(addr: Multiaddr): boolean {
  const first = addr.getComponents()[0];
  return first !== undefined && IP_NAMES.has(first.name) && isLoopbackIp(first.value ?? '');
}

/**
 * True when another host can dial `addr`: /ip4|ip6|dns*\/HOST/tcp/PORT with a real host and port
 * (never 0.0.0.0, :: or port 0), optionally followed by /p2p/<id>. Loopback only when allowed.
 */
export function isDialableAddr(addr: Multiaddr, allowLoopback: boolean): boolean {
  const [host, tcp, ...rest] = addr.getComponents();
  if (!host || !tcp || tcp.name !== 'tcp' || Number(tcp.value) <= 0) return false;
  if (rest.length > 1 || (rest.length === 1 && rest[0]!.name !== 'p2p')) return false;
  if (DNS_NAMES.has(host.name)) return true;
  if (!IP_NAMES.has(host.name) || isUnspecifiedIp(host.value ?? '')) return false;
  return allowLoopback || !isLoopbackIp(host.value ?? '');
}

/** The peer id named by the last /p2p part, or undefined. */
export function peerOfAddr(addr: Multiaddr): string | undefined {
  return addr.getComponents().filter((c) => c.name === 'p2p').pop()?.value;
}

/** `addr` ending in /p2p/<peer>: appended when missing, undefined when it names another peer. */
export function withPeerId(addr: Multiaddr, peer: string): Multiaddr | undefined {
  const named = peerOfAddr(addr);
  if (named === undefined) return multiaddr(`${addr.toString()}/p2p/${peer}`);
  return named === peer ? addr : undefined;
}

/** The open connections to `peer` (a peer id string; libp2p's own filter wants a PeerId). */
export function connectionsTo(libp2p: Libp2p, peer: string): Connection[] {
  return libp2p.getConnections().filter((c) => c.remotePeer.toString() === peer);
}

/**
 * Up to `max` addresses `peer` signed itself (identify: the peer store's certified ones) that can
 * be handed out: dialable (loopback only when allowed), ending in /p2p/<peer>, at most `maxBytes`.
 */
export async function signedAddrsOf(libp2p: Libp2p, peer: string, opts: { allowLoopback: boolean; maxBytes: number; max: number }): Promise<Multiaddr[]> {
  const stored = await libp2p.peerStore.get(peerIdFromString(peer)).catch(() => undefined);
  const out: Multiaddr[] = [];
  for (const { multiaddr: addr, isCertified } of stored?.addresses ?? []) {
    if (out.length >= opts.max) break;
    if (!isCertified || !isDialableAddr(addr, opts.allowLoopback)) continue;
    const full = withPeerId(addr, peer);
    if (full && full.bytes.length <= opts.maxBytes) out.push(full);
  }
  return out;
}

/** Parses a binary multiaddr that must name a valid peer id; throws on anything else. */
export function parseBinaryPeerAddr(bytes: Uint8Array): { peer: string; addr: Multiaddr } {
  const addr = multiaddr(bytes);
  const peer = peerOfAddr(addr);
  if (!peer) throw new Error('address without a /p2p/<peer id> part');
  peerIdFromString(peer); // throws on a malformed id
  return { peer, addr };
}

/**
 * Peers whose last dial failed are left alone for `retryMs`. Wall clock: dial policy, not
 * consensus. Bounded: the oldest entries go first once `maxEntries` is reached.
 */
export class DialMemory {
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly retryMs: number,
    private readonly maxEntries = 1024,
    private readonly now: () => number = () => Date.now(),
  ) {}

  mayDial(peer: string): boolean {
    const at = this.failedAt.get(peer);
    if (at === undefined) return true;
    if (this.now() - at < this.retryMs) return false;
    this.failedAt.delete(peer);
    return true;
  }

  failed(peer: string): void {
    this.failedAt.delete(peer); // re-inserted last: Map order is age order
    this.failedAt.set(peer, this.now());
    while (this.failedAt.size > this.maxEntries) this.failedAt.delete(this.failedAt.keys().next().value!);
  }

  succeeded(peer: string): void {
    this.failedAt.delete(peer);
  }
}
