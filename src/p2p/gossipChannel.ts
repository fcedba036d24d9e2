// One gossip protocol over direct streams: a long-lived outbound stream per ready peer carries
// length-prefixed frames; inbound streams are read frame by frame under a byte cap. An
// oversized frame, or one the handler cannot decode, bans the sender.
import type { Connection, Stream } from '@libp2p/interface';
import type { PeerContext } from './context.js';
import { errorMessage } from './errors.js';
import { readFrames, sendFrame } from './streams.js';

interface Outbound {
  stream?: Stream;
  opening?: Promise<void>;
  pending: Uint8Array[];
}

export class GossipChannel {
  private readonly outbound = new Map<string, Outbound>();
  private unsubscribe?: () => void;

  constructor(
    private readonly ctx: PeerContext,
    private readonly protocol: string,
    private readonly maxFrameBytes: number,
    private readonly maxQueuedBytesPerPeer: number,
    /** Throws on a frame it cannot decode: the sender is banned. */
    private readonly onFrame: (frame: Uint8Array, from: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.ctx.libp2p.handle(this.protocol, (stream, connection) => this.onInbound(stream, connection), { maxInboundStreams: 4, maxOutboundStreams: 4 });
    // A peer that is ready again is on a new connection (it restarted or redialled): a stream left
    // from the old one may not have noticed yet, and frames written to it would be lost.
    this.unsubscribe = this.ctx.onPeerReady((peer) => this.dropOutbound(peer));
  }

  private dropOutbound(peer: string): void {
    const o = this.outbound.get(peer);
    if (!o?.stream) return;
    o.stream.abort(new Error('peer reconnected'));
    o.stream = undefined;
    if (this.outbound.get(peer) === o && !o.opening) this.outbound.delete(peer);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const o of this.outbound.values()) o.stream?.abort(new Error('stopping'));
    this.outbound.clear();
    await this.ctx.libp2p.unhandle(this.protocol).catch(() => {});
  }

  /** Sends to every ready peer except those in `except`. */
  broadcast(payload: Uint8Array, except?: ReadonlySet<string>): void {
    for (const peer of this.ctx.readyPeers()) if (!except?.has(peer)) this.send(peer, payload);
  }

  send(peer: string, payload: Uint8Array): void {
    let o = this.outbound.get(peer);
    if (!o) {
      o = { pending: [] };
      this.outbound.set(peer, o);
    }
    if (o.stream && o.stream.writeStatus !== 'writable') o.stream = undefined; // closed under us: reopen below
    if (o.stream) {
      if (o.stream.writeBufferLength > this.maxQueuedBytesPerPeer) {
        this.ctx.log.debug('p2p: peer too slow, gossip dropped', { peer, protocol: this.protocol });
        return;
      }
      try {
        sendFrame(o.stream, payload);
        return;
      } catch {
        o.stream = undefined; // closed under us: reopen below
      }
    }
    o.pending.push(payload);
    if (!o.opening) o.opening = this.open(peer, o);
  }

  private async open(peer: string, o: Outbound): Promise<void> {
    try {
      const peerId = this.ctx.peerIdOf(peer);
      if (!peerId) throw new Error('not connected');
      const stream = await this.ctx.libp2p.dialProtocol(peerId, this.protocol, { signal: AbortSignal.timeout(5000) });
      stream.maxWriteBufferLength = this.maxQueuedBytesPerPeer * 2;
      stream.inactivityTimeout = 0;
      stream.addEventListener('close', () => {
        if (this.outbound.get(peer)?.stream === stream) this.outbound.delete(peer);
      });
      o.stream = stream;
      for (const payload of o.pending.splice(0)) sendFrame(stream, payload);
    } catch (err) {
      this.ctx.log.debug('p2p: gossip stream failed to open', { peer, protocol: this.protocol, err: errorMessage(err) });
      if (this.outbound.get(peer) === o) this.outbound.delete(peer);
    } finally {
      o.opening = undefined;
    }
  }

  private onInbound(stream: Stream, connection: Connection): void {
    const from = connection.remotePeer.toString();
    stream.inactivityTimeout = 0;
    readFrames(
      stream,
      this.maxFrameBytes,
      (frame) => this.onFrame(frame, from),
      (err) => this.ctx.penalise(from, 'fatal', `${this.protocol}: ${errorMessage(err)}`),
    );
  }
}
