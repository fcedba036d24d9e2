// Bootstrap peers and peer exchange (/seedcast/pex/1.0.0). A node below its target peer count
// dials its bootstrap peers, asks one ready peer (in turn, every interval, and each new peer once)
// for the addresses of the peers it is connected to, and dials those it is not connected to, so
// one bootstrap peer is enough to join a small network. Answers list only ready, unbanned peers
// at addresses they signed themselves (identify); junk answers score the answerer down.
import type { Multiaddr } from '@multiformats/multiaddr';
import { BinaryWriter } from 'cosmjs-types/binary';
import type { PeerAddr } from './addr.js';
import type { PeerContext } from './context.js';
import { P2PError, errorMessage } from './errors.js';
import { MAX_PEX_ADDRS, MAX_PEX_ADDRS_PER_PEER, MAX_PEX_ADDR_BYTES, MAX_PEX_FRAME_BYTES, MAX_PEX_REQUEST_FRAME_BYTES, PROTOCOL_PEX } from './options.js';
import { connectionsTo, DialMemory, isDialableAddr, isLoopbackAddr, parseBinaryPeerAddr, signedAddrsOf } from './peerBook.js';
import { request, serve } from './requestResponse.js';
import { decodeTotally } from './decode.js';

export interface PexOptions {
  /** Dialled at start and whenever we have fewer than targetPeers ready peers; never forever. */
  bootstrap: PeerAddr[];
  /** Below this many ready peers we ask for and dial more. */
  targetPeers: number;
  intervalMs: number;
  requestTimeoutMs: number;
  dialRetryMs: number;
  /** ms until this peer may be dialled or handed out again (ban, block); 0 when it may be now. */
  refusedForMs(peer: string): number;
}

/** Peer id -> its addresses, each ending in /p2p/<that id>. */
export type PeerAddrs = Map<string, Multiaddr[]>;

export class PeerExchange {
  private readonly memory: DialMemory;
  private readonly dialing = new Set<string>();
  private readonly self: string;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private rotation = 0;
  private stopped = false;

  constructor(
    private readonly ctx: PeerContext,
    private readonly opts: PexOptions,
  ) {
    this.memory = new DialMemory(opts.dialRetryMs);
    this.self = ctx.libp2p.peerId.toString();
  }

  async start(): Promise<void> {
    await serve(this.ctx, PROTOCOL_PEX, { maxRequestBytes: MAX_PEX_REQUEST_FRAME_BYTES, timeoutMs: this.opts.requestTimeoutMs }, async (req, from) => {
      decodePexRequest(req);
      return encodePexResponse(await this.shareableAddrs(from));
    });
    this.unsubscribe = this.ctx.onPeerReady((peer) => {
      if (this.belowTarget()) void this.exchangeWith(peer);
    });
    this.dialBootstrap();
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Asks `peer` for the peers it knows. A junk or oversized answer scores it down, then throws. */
  async ask(peer: string): Promise<PeerAddrs> {
    try {
      const answer = await request(this.ctx, peer, PROTOCOL_PEX, encodePexRequest(), { maxResponseBytes: MAX_PEX_FRAME_BYTES, timeoutMs: this.opts.requestTimeoutMs });
      return decodePexResponse(answer);
    } catch (err) {
      if (err instanceof P2PError && (err.code === 'P2P_DECODE' || err.code === 'P2P_FRAME_TOO_LARGE')) this.ctx.penalise(peer, 'fatal', `pex: ${err.message}`);
      throw err;
    }
  }

  private belowTarget(): boolean {
    return !this.stopped && this.ctx.readyPeers().length < this.opts.targetPeers;
  }

  private tick(): void {
    if (!this.belowTarget()) return;
    this.dialBootstrap();
    const ready = this.ctx.readyPeers();
    if (ready.length > 0) void this.exchangeWith(ready[this.rotation++ % ready.length]!);
  }

  private dialBootstrap(): void {
    for (const b of this.opts.bootstrap) this.dial(b.id, [b.addr]);
  }

  private async exchangeWith(peer: string): Promise<void> {
    let found: PeerAddrs;
    try {
      found = await this.ask(peer);
    } catch (err) {
      this.ctx.log.debug('p2p: pex request failed', { peer, err: errorMessage(err) });
      return;
    }
    let room = this.opts.targetPeers - this.ctx.readyPeers().length;
    for (const [id, addrs] of found) {
      if (room <= 0) break;
      const usable = addrs.filter((a) => isDialableAddr(a, true));
      if (usable.length > 0 && this.dial(id, usable)) room--;
    }
  }

  /** Starts a dial to a peer we are not connected to (the connection gater still refuses banned ones). */
  private dial(peer: string, addrs: Multiaddr[]): boolean {
    if (this.stopped || peer === this.self || this.dialing.has(peer)) return false;
    if (!this.memory.mayDial(peer) || this.opts.refusedForMs(peer) > 0) return false;
    if (connectionsTo(this.ctx.libp2p, peer).length > 0) return false;
    this.dialing.add(peer);
    this.ctx.libp2p
      .dial(addrs, { signal: AbortSignal.timeout(this.opts.requestTimeoutMs) })
      .then(
        () => this.memory.succeeded(peer),
        (err: unknown) => {
          this.memory.failed(peer);
          if (!this.stopped) this.ctx.log.debug('p2p: pex dial failed', { peer, err: errorMessage(err) });
        },
      )
      .finally(() => this.dialing.delete(peer));
    return true;
  }

  // Ready, unbanned peers other than the asker, at addresses they signed (identify), routable
  // from the asker: loopback ones only for an asker on loopback itself.
  private async shareableAddrs(asker: string): Promise<Multiaddr[]> {
    const askerConn = connectionsTo(this.ctx.libp2p, asker)[0];
    const allowLoopback = askerConn !== undefined && isLoopbackAddr(askerConn.remoteAddr);
    const out: Multiaddr[] = [];
    for (const id of this.ctx.readyPeers()) {
      if (id === asker || !this.ctx.peerIdOf(id) || this.opts.refusedForMs(id) > 0) continue;
      const max = Math.min(MAX_PEX_ADDRS_PER_PEER, MAX_PEX_ADDRS - out.length);
      out.push(...(await signedAddrsOf(this.ctx.libp2p, id, { allowLoopback, maxBytes: MAX_PEX_ADDR_BYTES, max })));
      if (out.length >= MAX_PEX_ADDRS) break;
    }
    return out;
  }
}

export function encodePexRequest(): Uint8Array {
  return new Uint8Array(0);
}

/** PexRequest has no fields yet; anything that is not protobuf is junk. */
export function decodePexRequest(bytes: Uint8Array): void {
  decodeTotally('pex request', bytes, (r) => {
    while (r.pos < r.len) r.skipType(r.uint32() & 7);
  });
}

export function encodePexResponse(addrs: Multiaddr[]): Uint8Array {
  const w = BinaryWriter.create();
  for (const a of addrs) w.uint32(10).bytes(a.bytes);
  return w.finish();
}

/** At most MAX_PEX_ADDRS entries, each a binary multiaddr naming its peer; anything else is junk. */
export function decodePexResponse(bytes: Uint8Array): PeerAddrs {
  return decodeTotally('pex response', bytes, (r) => {
    const out: PeerAddrs = new Map();
    let count = 0;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag !== 10) throw new Error(`unexpected field tag ${tag}`);
      const raw = r.bytes();
      if (raw.length > MAX_PEX_ADDR_BYTES) throw new Error(`address of ${raw.length} bytes (cap ${MAX_PEX_ADDR_BYTES})`);
      if (++count > MAX_PEX_ADDRS) throw new Error(`more than ${MAX_PEX_ADDRS} addresses`);
      const { peer, addr } = parseBinaryPeerAddr(raw);
      const list = out.get(peer) ?? [];
      list.push(addr);
      out.set(peer, list);
    }
    return out;
  });
}
