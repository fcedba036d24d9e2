// Downloads one content: gets and checks the piece layer, then keeps every unchoking session's
// pipeline full (picker), checks each piece's leaves against the layer and each block against
// its leaf (one SHA-256), writes verified blocks to the store, bans a peer on its first bad
// block or bad hashes, reassigns what a slow, choking, rejecting or vanished peer held, and
// finds more peers while it runs. Resolves with the complete handle.
import { hash } from 'node:crypto';
import type { ContentHandle, PieceStore } from '../storage/pieceStore/index.js';
import { errorMessage } from '../p2p/errors.js';
import type { SwarmContext } from './context.js';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES, type ContentLayout, pieceRange } from './layout.js';
import { contentIdHex, pieceRoot } from './merkle.js';
import { connectionsTo } from '../p2p/peerBook.js';
import { dialablePeers } from './peerExchange.js';
import { DownloadPeer } from './downloadPeer.js';
import { PeerFinder } from './peerFinder.js';
import { PieceWriter } from './pieceWriter.js';
import { PieceLayerFetch } from './pieceLayerFetch.js';
import { type DownloadProgress, RateWindow } from './progress.js';
import type { SwarmOptions } from './options.js';
import { Picker } from './picker.js';
import { MAX_REQUEST_BLOCKS } from './protocol.js';
import type { Session } from './session.js';
import { type HashRequest, type PieceMessage, RejectReason } from './wire.js';

/** What the downloader needs from the swarm around it. */
export interface DownloadEnv {
  ctx: SwarmContext;
  store: PieceStore;
  options: SwarmOptions;
  /**
   * Opens a session with `peer` for this content (resolves when it is attached, or with why not);
   * `early` goes out right behind our handshake, before the peer has answered it.
   */
  openSession(peer: string, early?: PieceMessage[]): Promise<'open' | 'unknown' | 'failed'>;
  /** Peers we already have a session with for this content. */
  hasSession(peer: string): boolean;
  /** Extra peers to dial (chain provider records); their ids join the candidates. */
  providers?: () => Promise<string[]>;
  /** The store handle is known (after the piece layer is checked and the content added). */
  onHandle(handle: ContentHandle): void;
}

const TICK_MS = 250;

export class Downloader {
  readonly done: Promise<ContentHandle>;
  private resolve!: (h: ContentHandle) => void;
  private reject!: (err: Error) => void;
  private readonly peers = new Map<Session, DownloadPeer>();
  private readonly leaves = new Map<number, Uint8Array>();
  private readonly layerRefused = new Set<Session>();
  private picker?: Picker;
  /** The checked piece layer: blocks are requested and verified from then on. */
  private pieceLayer?: Uint8Array;
  private handle?: ContentHandle;
  private layer?: PieceLayerFetch;
  /** The peer whose session opening carries our first piece-layer requests, until it opens or fails. */
  private layerSentTo?: string;
  /** How many first pieces were asked of `layerSentTo` with the layer (PieceLayerFetch.firstPieces). */
  private firstPieces = 0;
  private addingLayer = false;
  private readonly writer: PieceWriter;
  private finished = false;
  private timer?: NodeJS.Timeout;
  private lastProgress = Date.now();
  private lastUseful = Date.now();
  private readonly finder: PeerFinder;
  private piecesDone = 0;
  private bytesDone = 0n;
  private readonly rate = new RateWindow();
  /** Blocks requested from peers over this download's life (tests count them). */
  requestedBlocks = 0;

  constructor(
    private readonly env: DownloadEnv,
    readonly contentId: Uint8Array,
    readonly layout: ContentLayout,
    private readonly onProgress?: (p: DownloadProgress) => void,
    signal?: AbortSignal,
  ) {
    this.writer = new PieceWriter(layout, { unblocked: () => this.fillAll(), failed: (piece, err) => this.onWriteError(piece, err) });
    this.finder = new PeerFinder({ ...env, openSession: (peer) => this.openSession(peer) }, () => ({ sessions: this.peers.size, finished: this.finished }));
    this.done = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    signal?.addEventListener('abort', () => this.fail(new SwarmError('SWARM_ABORTED', 'download aborted', { contentId: contentIdHex(contentId) })), { once: true });
    if (signal?.aborted) this.fail(new SwarmError('SWARM_ABORTED', 'download aborted', { contentId: contentIdHex(contentId) }));
  }

  /** Starts from what the store holds (a handle, possibly partial) or from nothing. */
  start(handle: ContentHandle | undefined): void {
    if (this.finished) return;
    if (handle) this.useHandle(handle);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  get sessions(): number {
    return this.peers.size;
  }

  onSession(s: Session): void {
    if (this.finished) return;
    const st = new DownloadPeer();
    this.peers.set(s, st);
    if (this.layerSentTo === s.peer && s.direction === 'outbound') {
      // Another session may have opened first and be fetching the layer: this one's first
      // requests still went out, and its answers are counted.
      if (this.layerWanted()) this.layer = new PieceLayerFetch(s, this.layout, this.contentId, true);
      if (this.firstPieces > 0) this.tookFirstPieces(s, st);
    }
    this.startLayerFetch();
  }

  onSessionClosed(s: Session): void {
    const st = this.peers.get(s);
    if (!st) return;
    st.releaseAll(this.picker);
    this.peers.delete(s);
    this.picker?.removeAvailability(this.piecesOf(s));
    if (this.layer?.session === s) this.retryLayer();
    this.fillAll();
  }

  onPeerPieces(s: Session, pieces: number[] | 'all-of-bitfield'): void {
    if (!this.peers.has(s)) return;
    if (this.picker) this.picker.addAvailability(pieces === 'all-of-bitfield' ? this.piecesOf(s) : pieces);
    this.updateInterest(s);
    this.fill(s);
  }

  onMessage(s: Session, msg: PieceMessage): void {
    const st = this.peers.get(s);
    if (!st || this.finished) return;
    switch (msg.type) {
      case 'block':
        return this.onBlock(s, st, msg.index, msg.data);
      case 'unchoke':
        return this.fill(s);
      case 'choke':
        st.releaseAll(this.picker);
        return this.fillAll();
      case 'hashes':
        return this.onHashes(s, st, msg.request, msg.hashes);
      case 'reject':
        return this.onReject(s, st, msg);
      case 'peers': {
        const self = this.env.ctx.libp2p.peerId.toString();
        const via = connectionsTo(this.env.ctx.libp2p, s.peer)[0]?.remoteAddr;
        return this.finder.learn(dialablePeers(msg.addrs, self, via));
      }
      default:
        return;
    }
  }

  /** A piece is durable and recorded in the store. */
  onPiece(piece: number): void {
    if (!this.picker || this.picker.isComplete(piece)) return;
    this.picker.markComplete(piece);
    this.leaves.delete(piece);
    this.piecesDone++;
    this.bytesDone += BigInt(pieceRange(this.layout, piece).count * BLOCK_BYTES);
    this.lastProgress = Date.now();
    for (const s of this.peers.keys()) if (s.amInterested) this.updateInterest(s);
    this.report();
    if (this.handle?.complete) void this.finish();
  }

  /** Stops with an error (stop of the swarm, abort). */
  fail(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    this.reject(err);
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    try {
      await this.handle!.flush();
      this.resolve(this.handle!);
    } catch (err) {
      this.reject(err as Error);
    }
  }

  private cleanup(): void {
    if (this.timer) clearInterval(this.timer);
    for (const [s, st] of this.peers) {
      st.releaseAll(this.picker);
      s.setInterested(false);
    }
  }

  private useHandle(handle: ContentHandle): void {
    this.handle = handle;
    this.piecesDone = handle.completePieces;
    this.bytesDone = 0n;
    for (let p = 0; p < this.layout.numPieces; p++) if (handle.hasPiece(p)) this.bytesDone += BigInt(pieceRange(this.layout, p).count * BLOCK_BYTES);
    this.env.onHandle(handle);
    if (handle.complete) {
      void this.finish();
      return;
    }
    if (!this.picker) {
      this.writer.useHandle(handle);
      return this.usePieceLayer(handle.pieceLayer, (p) => handle.hasPiece(p));
    }
    // Picking began with the checked layer while the store added the content: what the store
    // turns out to hold already (content added meanwhile) is done, the parked pieces go to it.
    for (let p = 0; p < this.layout.numPieces; p++) {
      if (!handle.hasPiece(p) || this.picker.isComplete(p)) continue;
      this.picker.markComplete(p);
      this.leaves.delete(p);
      this.writer.drop(p);
    }
    this.writer.useHandle(handle);
    this.fillAll();
  }

  // The piece layer is checked: blocks are picked, requested and verified from now on (those of
  // pieces `has` says are held excepted), even before the store has added the content.
  private usePieceLayer(pieceLayer: Uint8Array, has: (p: number) => boolean): void {
    this.pieceLayer = pieceLayer;
    this.picker = new Picker(this.layout, has);
    for (const [s, st] of this.peers) {
      this.picker.reserve(st.outstanding.keys());
      this.picker.addAvailability(this.piecesOf(s));
      this.updateInterest(s);
    }
    this.fillAll();
  }

  // ---- piece layer -------------------------------------------------------------------------

  // Until the layer is known, the first session we open carries its requests with the handshake:
  // the answer comes a round trip sooner than if they waited for the peer's handshake. When
  // those requests cover the whole layer, the first pieces are asked for too (PieceLayerFetch.firstPieces).
  private async openSession(peer: string): Promise<'open' | 'unknown' | 'failed'> {
    let early: PieceMessage[] = [];
    if (this.layerWanted() && !this.layerSentTo) {
      this.layerSentTo = peer;
      early = PieceLayerFetch.firstRequests(this.layout);
      if (PieceLayerFetch.firstRequestsCoverAll(this.layout)) {
        const first = PieceLayerFetch.firstPieces(this.layout, this.env.options.pipelineBlocks);
        this.firstPieces = first.pieces;
        early.push(...first.requests);
      }
    }
    const r = await this.env.openSession(peer, early);
    if (this.layerSentTo === peer) {
      this.layerSentTo = undefined;
      this.firstPieces = 0;
    }
    if (r !== 'open') this.startLayerFetch();
    return r;
  }

  // The session that carried the first pieces' requests: they count as outstanding with it (and
  // with the picker, if another session brought the layer already).
  private tookFirstPieces(s: Session, st: DownloadPeer): void {
    s.amInterested = true; // said with the handshake
    st.guessed = new Set();
    for (let p = 0; p < this.firstPieces; p++) {
      st.leavesAsked.add(p);
      st.guessed.add(p);
      const { first, count } = pieceRange(this.layout, p);
      for (let b = first; b < first + count; b++) st.outstanding.set(b, true);
      this.picker?.reserve(Array.from({ length: count }, (_, i) => first + i));
      this.requestedBlocks += count;
    }
    this.firstPieces = 0;
  }

  // No layer yet, none being fetched or added.
  private layerWanted(): boolean {
    return !this.pieceLayer && !this.layer && !this.addingLayer && !this.finished;
  }

  private startLayerFetch(): void {
    if (!this.layerWanted()) return;
    const s = [...this.peers.keys()].find((x) => !this.layerRefused.has(x) && !x.closed);
    if (!s) return;
    this.layer = new PieceLayerFetch(s, this.layout, this.contentId);
    this.layer.pump();
  }

  private retryLayer(): void {
    if (this.layer) this.layerRefused.add(this.layer.session);
    this.layer = undefined;
    this.startLayerFetch();
  }

  private onHashes(s: Session, st: DownloadPeer, req: HashRequest, hashes: Uint8Array): void {
    if (req.kind === 'piece_layer') {
      const answer = this.layer ? this.layer.onAnswer(s, req.offset, req.count, hashes) : { kind: 'ignored' as const };
      if (answer.kind === 'bad') {
        this.layer = undefined;
        this.layerRefused.add(s);
        s.misbehaved(answer.why);
        return this.startLayerFetch();
      }
      if (answer.kind === 'done') {
        this.layer = undefined;
        // Requests start now; the store adds the content (files, fsyncs, index) meanwhile.
        this.usePieceLayer(answer.pieceLayer, () => false);
        void this.addContent(answer.pieceLayer);
      }
      return;
    }
    const p = req.piece;
    if (!st.leavesAsked.delete(p) || !this.pieceLayer || this.picker!.isComplete(p) || this.leaves.has(p)) return;
    const { count } = pieceRange(this.layout, p);
    const ok = hashes.length === count * 32 && Buffer.from(pieceRoot(hashes, this.layout.pieceBlocks)).equals(this.pieceLayer.subarray(p * 32, p * 32 + 32));
    if (!ok) return s.misbehaved(`leaves of piece ${p} do not hash to the piece layer`);
    this.leaves.set(p, hashes);
  }

  private async addContent(pieceLayer: Uint8Array): Promise<void> {
    this.addingLayer = true;
    try {
      const handle = await this.env.store.add({ contentId: this.contentId, plainSize: this.layout.plainSize, pieceBlocks: this.layout.pieceBlocks, pieceLayer });
      if (!this.finished) this.useHandle(handle);
    } catch (err) {
      this.fail(err as Error);
    } finally {
      this.addingLayer = false;
    }
  }

  // ---- blocks ------------------------------------------------------------------------------

  private onBlock(s: Session, st: DownloadPeer, index: number, data: Uint8Array): void {
    const picker = this.picker;
    if (st.outstanding.delete(index)) picker?.release(index);
    st.lastActivity = Date.now();
    if (!picker || picker.isReceived(index)) return this.fill(s);
    const p = Math.floor(index / this.layout.pieceBlocks);
    const lv = this.leaves.get(p);
    if (!lv) return this.fill(s); // cannot check it (leaves refused): dropped, asked again later
    const off = (index - p * this.layout.pieceBlocks) * 32;
    // node:crypto SHA-256, one-shot (no Hash object per block): the one hash every block costs.
    const digest = hash('sha256', data, 'buffer');
    if (digest.compare(lv, off, off + 32) !== 0) return s.misbehaved(`block ${index} fails its hash`);
    picker.markReceived(index);
    if (picker.inEndGame) this.cancelElsewhere(s, index);
    this.lastProgress = Date.now();
    this.rate.add(data.length);
    this.writer.add(p, index, data, lv);
    this.fill(s);
  }

  private onWriteError(piece: number, err: unknown): void {
    if ((err as { code?: string }).code === 'STORE_BAD_PIECE') {
      // Cannot happen with checked leaves; if it does, fetch the piece again.
      this.env.ctx.log.warn('swarm: store refused a piece', { content: contentIdHex(this.contentId), piece });
      this.picker?.resetPiece(piece);
      this.leaves.delete(piece);
      return this.fillAll();
    }
    this.fail(new SwarmError('SWARM_STORE', `cannot store a block: ${errorMessage(err)}`, { piece }));
  }

  private cancelElsewhere(from: Session, index: number): void {
    for (const [s, st] of this.peers) {
      if (s === from || !st.outstanding.delete(index)) continue;
      this.picker!.release(index);
      s.send({ type: 'cancel', first: index, count: 1 });
    }
  }

  private onReject(s: Session, st: DownloadPeer, msg: Extract<PieceMessage, { type: 'reject' }>): void {
    if (msg.hashRequest) {
      if (msg.hashRequest.kind === 'piece_layer') {
        if (this.layer?.session === s) this.retryLayer();
        return;
      }
      const p = msg.hashRequest.piece;
      st.leavesAsked.delete(p);
      const { first, count } = pieceRange(this.layout, p);
      st.release(this.picker, first, count);
    } else {
      st.release(this.picker, msg.first, msg.count);
    }
    const piece = msg.hashRequest?.kind === 'leaves' ? msg.hashRequest.piece : Math.floor(msg.first / this.layout.pieceBlocks);
    const guessed = msg.reason === RejectReason.NOT_HELD && st.guessed?.has(piece);
    if (msg.reason !== RejectReason.CHOKED && msg.reason !== RejectReason.TOO_MANY_REQUESTS && !guessed) st.snubbedUntil = Date.now() + 2000;
    this.fillAll();
  }

  private fillAll(): void {
    for (const s of this.peers.keys()) this.fill(s);
  }

  /** Tops up the peer's pipeline (in batches, so requests carry many blocks). */
  private fill(s: Session): void {
    const st = this.peers.get(s);
    const picker = this.picker;
    if (!st || !picker || this.finished || s.closed || s.peerChoking || st.snubbedUntil > Date.now()) return;
    if (this.writer.full) return;
    const depth = this.env.options.pipelineBlocks;
    const room = depth - st.outstanding.size;
    // Top up once a full-size request (64 blocks) fits, or half the pipeline is free.
    if (room < Math.min(MAX_REQUEST_BLOCKS, Math.ceil(depth / 2)) && st.outstanding.size > 0) return;
    const ranges = picker.pick(s.remote, room, st.outstanding, st.pickHint);
    if (ranges.length === 0) return;
    if (st.outstanding.size === 0) st.lastActivity = Date.now();
    const msgs: PieceMessage[] = [];
    const pb = this.layout.pieceBlocks;
    for (const r of ranges) {
      for (let p = Math.floor(r.first / pb); p <= Math.floor((r.first + r.count - 1) / pb); p++) {
        if (this.leaves.has(p) || st.leavesAsked.has(p)) continue;
        st.leavesAsked.add(p);
        msgs.push({ type: 'hash_request', request: { kind: 'leaves', piece: p } });
      }
      msgs.push({ type: 'request', first: r.first, count: r.count });
      for (let b = r.first; b < r.first + r.count; b++) st.outstanding.set(b, true);
      this.requestedBlocks += r.count;
    }
    s.sendAll(msgs);
  }

  private updateInterest(s: Session): void {
    s.setInterested(this.picker ? this.picker.wants(s.remote) : s.remote.count > 0);
  }

  private piecesOf(s: Session): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.layout.numPieces; p++) if (s.remote.has(p)) out.push(p);
    return out;
  }

  // ---- timers ------------------------------------------------------------------------------

  private tick(): void {
    if (this.finished) return;
    const now = Date.now();
    const timeout = this.env.options.requestTimeoutMs;
    for (const [s, st] of this.peers) {
      if (st.outstanding.size > 0 && now - st.lastActivity > timeout) {
        this.env.ctx.log.debug('swarm: peer too slow, requests reassigned', { peer: s.peer, blocks: st.outstanding.size });
        st.releaseAll(this.picker);
        st.snubbedUntil = now + timeout;
        this.fillAll();
      }
    }
    if (this.layer && now - this.layer.lastActivity > timeout) this.retryLayer();
    if (!this.pieceLayer && !this.layer) this.startLayerFetch();
    if (this.useful()) this.lastUseful = now;
    if (now - Math.max(this.lastProgress, this.lastUseful) > this.env.options.stallTimeoutMs) {
      this.fail(new SwarmError('SWARM_NO_PROVIDERS', `no peer served this content for ${this.env.options.stallTimeoutMs} ms`, { contentId: contentIdHex(this.contentId), peers: this.peers.size }));
      return;
    }
    this.finder.tick(now);
    this.report();
  }

  // A peer that can still give us something.
  private useful(): boolean {
    for (const s of this.peers.keys()) {
      if (!this.picker ? !this.layerRefused.has(s) : this.picker.wants(s.remote)) return true;
    }
    return false;
  }

  private report(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress({
        contentId: contentIdHex(this.contentId),
        piecesDone: this.piecesDone,
        numPieces: this.layout.numPieces,
        bytesDone: this.bytesDone,
        totalBytes: BigInt(this.layout.numBlocks * BLOCK_BYTES),
        peers: this.peers.size,
        downloadBps: this.rate.bytesPerSecond(Date.now()),
      });
    } catch (err) {
      this.env.ctx.log.debug('swarm: progress callback threw', { err: errorMessage(err) });
    }
  }
}
