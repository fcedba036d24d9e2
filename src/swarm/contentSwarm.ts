// Everything about one content in the swarm: its sessions, the uploader of each, the download
// in progress (if any), and Have announcements when the store records a piece.
import type { Libp2p } from '@libp2p/interface';
import type { ContentHandle, PieceStore } from '../storage/pieceStore/index.js';
import type { Choker } from './choker.js';
import type { Downloader } from './downloader.js';
import type { ContentLayout } from './layout.js';
import { contentIdHex } from './merkle.js';
import { PeerExchange, signedAddrs } from './peerExchange.js';
import type { RateLimiter } from './rateLimiter.js';
import type { Session, SessionListener } from './session.js';
import { Uploader } from './uploader.js';
import type { PieceMessage } from './wire.js';

export interface ContentSwarmEnv {
  libp2p: Libp2p;
  store: PieceStore;
  choker: Choker;
  limiter: RateLimiter;
  onUploaded(bytes: number): void;
  /** No sessions and no download left: the swarm may forget this content. */
  onIdle(cs: ContentSwarm): void;
}

export class ContentSwarm implements SessionListener {
  readonly idHex: string;
  readonly sessions = new Set<Session>();
  download?: Downloader;
  private readonly uploaders = new Map<Session, Uploader>();
  private handle?: ContentHandle;
  private unsubscribe?: () => void;
  private readonly pex = new PeerExchange();

  constructor(
    readonly contentId: Uint8Array,
    readonly layout: ContentLayout,
    private readonly env: ContentSwarmEnv,
  ) {
    this.idHex = contentIdHex(contentId);
    const h = env.store.get(this.idHex);
    if (h) this.attachHandle(h);
  }

  /** The store's handle, once the content is in the store. */
  currentHandle(): ContentHandle | undefined {
    return this.handle;
  }

  attachHandle(h: ContentHandle): void {
    if (this.handle) return;
    this.handle = h;
    this.unsubscribe = h.onPiece((piece) => this.onPiece(piece));
    // Sessions opened before we knew the layer told the peer we hold nothing: catch up.
    for (let p = 0; p < this.layout.numPieces; p++) if (h.hasPiece(p)) for (const s of this.sessions) s.send({ type: 'have', piece: p });
  }

  hasSessionWith(peer: string): boolean {
    for (const s of this.sessions) if (s.peer === peer) return true;
    return false;
  }

  get complete(): boolean {
    return this.handle?.complete ?? false;
  }

  /** A session past its handshake: it gets our bitfield, an uploader, a place with the choker. */
  addSession(s: Session): void {
    this.sessions.add(s);
    this.uploaders.set(s, new Uploader(s, () => this.handle, this.env.limiter, (n) => this.env.onUploaded(n)));
    s.attach(this);
    if (s.closed) return;
    s.send({ type: 'bitfield', bits: this.handle?.bitfield() ?? new Uint8Array(Math.ceil(this.layout.numPieces / 8)) });
    this.env.choker.add(s);
    this.download?.onSession(s);
    void this.sharePeers();
  }

  /**
   * Peer exchange: tells each session of the other peers we have a session with for this
   * content, when it would learn one it was not told of (a new session, a peer just identified).
   */
  async sharePeers(): Promise<void> {
    const peers = [...new Set([...this.sessions].filter((s) => !s.closed).map((s) => s.peer))];
    if (peers.length < 2) return;
    const known = await signedAddrs(this.env.libp2p, peers);
    for (const s of this.sessions) {
      const msg = s.closed ? undefined : this.pex.messageFor(s, known);
      if (msg) s.send(msg);
    }
  }

  onMessage(s: Session, msg: PieceMessage): void {
    switch (msg.type) {
      case 'request':
        return this.uploaders.get(s)?.onRequest(msg.first, msg.count);
      case 'cancel':
        return this.uploaders.get(s)?.onCancel(msg.first, msg.count);
      case 'hash_request':
        return this.uploaders.get(s)?.onHashRequest(msg.request);
      case 'interested':
      case 'not_interested':
        return this.env.choker.onInterest(s);
      default:
        return this.download?.onMessage(s, msg);
    }
  }

  onPeerPieces(s: Session, pieces: number[] | 'all-of-bitfield'): void {
    if (this.download) this.download.onPeerPieces(s, pieces);
    else this.closeIfNothingToTrade(s);
  }

  onClose(s: Session): void {
    if (!this.sessions.delete(s)) return;
    this.uploaders.delete(s);
    this.env.choker.remove(s);
    this.download?.onSessionClosed(s);
    this.checkIdle();
  }

  /** The uploader of a session drops its queued blocks when the choker chokes it. */
  onChoked(s: Session): void {
    this.uploaders.get(s)?.onChoked();
  }

  /** After a download ends: keep sessions that still trade, close the rest. */
  downloadEnded(): void {
    this.download = undefined;
    for (const s of [...this.sessions]) this.closeIfNothingToTrade(s);
    this.checkIdle();
  }

  closeAll(reason: string): void {
    for (const s of [...this.sessions]) s.close(reason);
    this.unsubscribe?.();
  }

  checkIdle(): void {
    if (this.sessions.size === 0 && !this.download) {
      this.unsubscribe?.();
      this.env.onIdle(this);
    }
  }

  private onPiece(piece: number): void {
    // No Have to a peer that holds the piece already (a seeder): it learns nothing from it.
    for (const s of this.sessions) if (!s.remote.has(piece)) s.send({ type: 'have', piece });
    this.download?.onPiece(piece);
  }

  // Two peers that both hold everything have nothing to say to each other.
  private closeIfNothingToTrade(s: Session): void {
    if (this.complete && s.remote.full) s.close('both hold the whole content');
  }
}
