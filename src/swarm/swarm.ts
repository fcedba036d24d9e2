// The content swarm of a node: serves every complete piece of every content in the piece
// store over /seedcast/pieces/1.0.0 (subject to choking and the upload rate), and downloads
// contents from the peers that hold them.
import type { Connection, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { peerIdFromString } from '@libp2p/peer-id';
import type { ContentHandle, PieceStore } from '../storage/pieceStore/index.js';
import { errorMessage } from '../p2p/errors.js';
import { Choker } from './choker.js';
import type { SwarmContext } from './context.js';
import { ContentSwarm } from './contentSwarm.js';
import { Downloader } from './downloader.js';
import { SwarmError } from './errors.js';
import { type ContentLayout, contentLayout } from './layout.js';
import { contentIdHex } from './merkle.js';
import { DEFAULT_SWARM_OPTIONS, type SwarmOptions } from './options.js';
import type { DownloadProgress } from './progress.js';
import { HANDSHAKE_TIMEOUT_MS, MAX_STREAMS_PER_CONNECTION, PIECES_VERSION, PROTOCOL_PIECES } from './protocol.js';
import { RateLimiter } from './rateLimiter.js';
import { Session, framedMessages, handshakeMessage, pumpFrames } from './session.js';
import { type PieceMessage, RejectReason, decodePieceMessage, loadPieceCodec } from './wire.js';

export type { DownloadProgress } from './progress.js';
export type { SwarmOptions } from './options.js';

export interface PeerAddr {
  peerId: string;
  addrs: string[];
}

export interface DownloadOptions {
  plainSize: bigint;
  pieceBlocks: number;
  providers?: () => Promise<PeerAddr[]>;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

type OpenResult = 'open' | 'unknown' | 'failed';

export class Swarm {
  private readonly contents = new Map<string, ContentSwarm>();
  private readonly choker: Choker;
  private readonly limiter: RateLimiter;
  private readonly ctx: SwarmContext;
  private uploaded = 0n;
  private downloaded = 0n;
  private banned = 0;
  private stopped = false;
  private stopListening?: () => void;
  /** Blocks requested by the downloads of this swarm (tests count re-downloads with it). */
  requestedBlocks = 0;

  static async start(ctx: SwarmContext, store: PieceStore, opts: Partial<SwarmOptions> = {}): Promise<Swarm> {
    loadPieceCodec();
    const swarm = new Swarm(ctx, store, { ...DEFAULT_SWARM_OPTIONS, ...opts });
    await ctx.libp2p.handle(PROTOCOL_PIECES, (stream, connection) => swarm.onInbound(stream, connection), {
      maxInboundStreams: MAX_STREAMS_PER_CONNECTION,
      maxOutboundStreams: MAX_STREAMS_PER_CONNECTION,
    });
    swarm.choker.start();
    // A peer's signed addresses arrive with identify, often after its sessions opened.
    const onIdentify = (evt: CustomEvent<{ peerId: { toString(): string } }>): void => swarm.onIdentified(evt.detail.peerId.toString());
    ctx.libp2p.addEventListener('peer:identify', onIdentify);
    swarm.stopListening = () => ctx.libp2p.removeEventListener('peer:identify', onIdentify);
    return swarm;
  }

  private constructor(
    outer: SwarmContext,
    private readonly store: PieceStore,
    readonly options: SwarmOptions,
  ) {
    // Our bans are counted and also end every session with the peer at once.
    this.ctx = {
      libp2p: outer.libp2p,
      log: outer.log,
      peers: () => outer.peers(),
      isBanned: (peer) => outer.isBanned(peer),
      ban: (peer, reason) => {
        this.banned++;
        outer.ban(peer, reason);
        for (const cs of this.contents.values()) for (const s of [...cs.sessions]) if (s.peer === peer) s.close('banned', true);
      },
    };
    this.limiter = new RateLimiter(options.uploadRateBytesPerSec);
    this.choker = new Choker(options, (s) => this.contents.get(s.idHex)?.download !== undefined, (s) => this.contents.get(s.idHex)?.onChoked(s));
  }

  /** Downloads every missing piece (resuming from the store) and resolves with the complete handle. */
  async download(contentId: Uint8Array, opts: DownloadOptions): Promise<ContentHandle> {
    if (this.stopped) throw new SwarmError('SWARM_STOPPED', 'the swarm is stopped');
    const idHex = contentIdHex(contentId);
    const existing = this.store.get(idHex);
    const layout = existing?.layout ?? contentLayout(opts.plainSize, opts.pieceBlocks);
    if (existing?.complete) return existing;
    const cs = this.contentSwarm(contentId, layout);
    if (cs.download) throw new SwarmError('SWARM_BUSY', 'this content is already being downloaded', { contentId: idHex });
    const d = new Downloader(
      {
        ctx: this.ctx,
        store: this.store,
        options: this.options,
        openSession: (peer, early) => this.openSession(peer, cs, early),
        hasSession: (peer) => cs.hasSessionWith(peer),
        providers: opts.providers ? () => this.dialProviders(opts.providers!) : undefined,
        onHandle: (h) => cs.attachHandle(h),
      },
      contentId,
      layout,
      opts.onProgress,
      opts.signal,
    );
    cs.download = d;
    for (const s of cs.sessions) d.onSession(s);
    d.start(existing);
    try {
      return await d.done;
    } finally {
      this.requestedBlocks += d.requestedBlocks;
      if (cs.download === d) cs.downloadEnded();
    }
  }

  /** Tells connected peers we hold a content: a session is offered to each (peers that want it keep it). */
  announce(contentId: Uint8Array): void {
    const h = this.store.get(contentIdHex(contentId));
    if (!h || this.stopped) return;
    const cs = this.contentSwarm(contentId, h.layout);
    const self = this.ctx.libp2p.peerId.toString();
    for (const peer of this.ctx.peers()) if (peer !== self && !cs.hasSessionWith(peer)) void this.openSession(peer, cs);
  }

  stats(): { uploadedBytes: bigint; downloadedBytes: bigint; sessions: number; banned: number } {
    let sessions = 0;
    let live = 0;
    for (const cs of this.contents.values()) {
      sessions += cs.sessions.size;
      for (const s of cs.sessions) live += s.bytesDownloaded;
    }
    return { uploadedBytes: this.uploaded, downloadedBytes: this.downloaded + BigInt(live), sessions, banned: this.banned };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening?.();
    this.choker.stop();
    await this.ctx.libp2p.unhandle(PROTOCOL_PIECES).catch(() => {});
    for (const cs of [...this.contents.values()]) {
      cs.download?.fail(new SwarmError('SWARM_STOPPED', 'the swarm stopped'));
      cs.closeAll('swarm stopping');
    }
    this.contents.clear();
  }

  private onIdentified(peer: string): void {
    for (const cs of this.contents.values()) if (cs.hasSessionWith(peer)) void cs.sharePeers();
  }

  private contentSwarm(contentId: Uint8Array, layout: ContentLayout): ContentSwarm {
    const idHex = contentIdHex(contentId);
    let cs = this.contents.get(idHex);
    if (!cs) {
      cs = new ContentSwarm(contentId, layout, {
        libp2p: this.ctx.libp2p,
        store: this.store,
        choker: this.choker,
        limiter: this.limiter,
        onUploaded: (n) => {
          this.uploaded += BigInt(n);
        },
        onIdle: (c) => {
          if (this.contents.get(c.idHex) === c) this.contents.delete(c.idHex);
        },
      });
      this.contents.set(idHex, cs);
    }
    return cs;
  }

  // Attaches a session to its content; its downloaded bytes join the total when it closes.
  private track(s: Session, cs: ContentSwarm): void {
    s.onClosed(() => {
      this.downloaded += BigInt(s.bytesDownloaded);
    });
    cs.addSession(s);
  }

  private onInbound(stream: Stream, connection: Connection): void {
    const peer = connection.remotePeer.toString();
    if (this.stopped || this.ctx.isBanned(peer)) return stream.abort(new SwarmError('SWARM_REFUSED', 'refused'));
    let session: Session | undefined;
    let first = true;
    const timer = setTimeout(() => !session && stream.abort(new SwarmError('SWARM_TIMEOUT', 'no handshake in time')), HANDSHAKE_TIMEOUT_MS);
    stream.addEventListener('close', () => clearTimeout(timer));
    pumpFrames(this.ctx, stream, peer, (frame) => {
      if (session) return session.onFrame(frame);
      if (!first) return;
      first = false;
      clearTimeout(timer);
      let msg: PieceMessage;
      try {
        msg = decodePieceMessage(frame);
      } catch (err) {
        this.ctx.ban(peer, `pieces: ${errorMessage(err)}`);
        return stream.abort(err as Error);
      }
      if (msg.type !== 'handshake') {
        this.ctx.ban(peer, `pieces: ${msg.type} before the handshake`);
        return stream.abort(new SwarmError('SWARM_BAD_MESSAGE', 'no handshake'));
      }
      const refuse = (reason: RejectReason, why: string) => {
        stream.send(framedMessages([{ type: 'reject', first: 0, count: 0, reason, message: why }]));
        void stream.close({ signal: AbortSignal.timeout(2000) }).catch(() => stream.abort(new Error('close timed out')));
      };
      if (msg.version !== PIECES_VERSION) return refuse(RejectReason.MALFORMED, `version ${PIECES_VERSION} only`);
      const idHex = contentIdHex(msg.contentId);
      const known = this.contents.get(idHex);
      const handle = known ? undefined : this.store.get(idHex);
      if (this.stopped || (!known && !handle)) return refuse(RejectReason.UNKNOWN_CONTENT, 'unknown content');
      const cs = known ?? this.contentSwarm(msg.contentId, handle!.layout);
      session = new Session(this.ctx, stream, peer, cs.layout, msg.contentId, 'inbound');
      session.send(handshakeMessage(msg.contentId));
      this.track(session, cs);
    });
  }

  /** Opens a session with `peer` for the content; resolves once it is attached (or why not). */
  private async openSession(peer: string, cs: ContentSwarm, early: PieceMessage[] = []): Promise<OpenResult> {
    let stream: Stream;
    try {
      stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peer), PROTOCOL_PIECES, { signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
    } catch (err) {
      this.ctx.log.debug('swarm: cannot open a pieces stream', { peer, err: errorMessage(err) });
      return 'failed';
    }
    return new Promise<OpenResult>((resolve) => {
      let session: Session | undefined;
      let settled = false;
      const settle = (r: OpenResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => {
        stream.abort(new SwarmError('SWARM_TIMEOUT', 'no handshake in time'));
        settle('failed');
      }, HANDSHAKE_TIMEOUT_MS);
      stream.addEventListener('close', () => settle('failed'));
      pumpFrames(this.ctx, stream, peer, (frame) => {
        if (session) return session.onFrame(frame);
        if (settled) return;
        let msg: PieceMessage;
        try {
          msg = decodePieceMessage(frame);
        } catch (err) {
          this.ctx.ban(peer, `pieces: ${errorMessage(err)}`);
          stream.abort(err as Error);
          return settle('failed');
        }
        if (msg.type === 'reject') {
          void stream.close().catch(() => {});
          return settle(msg.reason === RejectReason.UNKNOWN_CONTENT ? 'unknown' : 'failed');
        }
        if (msg.type !== 'handshake' || contentIdHex(msg.contentId) !== cs.idHex || this.stopped) {
          if (!this.stopped) this.ctx.ban(peer, 'pieces: a wrong handshake');
          stream.abort(new SwarmError('SWARM_BAD_MESSAGE', 'wrong handshake'));
          return settle('failed');
        }
        session = new Session(this.ctx, stream, peer, cs.layout, cs.contentId, 'outbound');
        this.track(session, cs);
        settle('open');
      });
      try {
        stream.send(framedMessages([handshakeMessage(cs.contentId), ...early]));
      } catch {
        settle('failed');
      }
    });
  }

  // Dials provider records we are not connected to; returns their peer ids.
  private async dialProviders(providers: () => Promise<PeerAddr[]>): Promise<string[]> {
    const self = this.ctx.libp2p.peerId.toString();
    const list = (await providers()).filter((p) => p.peerId !== self && !this.ctx.isBanned(p.peerId));
    const connected = new Set(this.ctx.libp2p.getConnections().map((c) => c.remotePeer.toString()));
    await Promise.all(
      list
        .filter((p) => !connected.has(p.peerId) && p.addrs.length > 0)
        .map(async (p) => {
          try {
            const addrs = p.addrs.map((a) => {
              const ma = multiaddr(a);
              return a.includes('/p2p/') ? ma : ma.encapsulate(`/p2p/${p.peerId}`);
            });
            await this.ctx.libp2p.dial(addrs, { signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
          } catch (err) {
            this.ctx.log.debug('swarm: cannot dial a provider', { peer: p.peerId, err: errorMessage(err) });
          }
        }),
    );
    return list.map((p) => p.peerId);
  }
}
