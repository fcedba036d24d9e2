// One piece-protocol stream with one peer about one content: framing, the handshake, the
// choke/interest state of both sides, the peer's bitfield, and checks of every message
// against the content's layout before anyone else sees it. A malformed message bans the peer.
import type { Stream } from '@libp2p/interface';
import { errorMessage } from '../p2p/errors.js';
import { FrameDecoder, frameHeader } from '../p2p/framing.js';
import { sendBuffers } from '../p2p/sendBuffers.js';
import { Bitfield } from './bitfield.js';
import { checkPeerAddrs } from './peerExchange.js';
import type { SwarmContext } from './context.js';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES, type ContentLayout } from './layout.js';
import { contentIdHex } from './merkle.js';
import { MAX_FRAME_BYTES, PIECES_VERSION } from './protocol.js';
import { FrameBatch } from './frameBatch.js';
import { decodePieceMessage, encodePieceMessage, type PieceMessage, RejectReason } from './wire.js';

export interface SessionListener {
  /** A checked message (handshake and bitfield are handled here). */
  onMessage(session: Session, msg: PieceMessage): void;
  /** The peer's bitfield or a Have changed what it holds. */
  onPeerPieces(session: Session, pieces: number[] | 'all-of-bitfield'): void;
  onClose(session: Session): void;
}

export class Session {
  /** What the peer holds (its bitfield, then its Haves). */
  remote: Bitfield;
  /** We refuse the peer's requests. */
  amChoking = true;
  amInterested = false;
  /** The peer refuses our requests. */
  peerChoking = true;
  peerInterested = false;
  bytesUploaded = 0;
  bytesDownloaded = 0;
  closed = false;
  private gotBitfield = false;
  private batch?: FrameBatch;
  private batchCapacity = 0;
  /** Sends waiting while reserved block frames are being filled. */
  private held?: Uint8Array[];
  private reservedAt?: number;
  private corked?: Uint8Array[];
  private listener?: SessionListener;
  private readonly closeCallbacks: (() => void)[] = [];

  constructor(
    private readonly ctx: SwarmContext,
    readonly stream: Stream,
    readonly peer: string,
    readonly layout: ContentLayout,
    readonly contentId: Uint8Array,
    readonly direction: 'inbound' | 'outbound',
  ) {
    this.remote = new Bitfield(layout.numPieces);
    stream.inactivityTimeout = 0;
    stream.addEventListener('close', () => this.onStreamClosed());
  }

  get idHex(): string {
    return contentIdHex(this.contentId);
  }

  /** Attaches the party that handles this session's messages (before the first frame after the handshake). */
  attach(listener: SessionListener): void {
    this.listener = listener;
    if (this.closed) listener.onClose(this);
  }

  onClosed(cb: () => void): void {
    if (this.closed) cb();
    else this.closeCallbacks.push(cb);
  }

  /** Takes one raw frame of the stream (after the handshake). */
  onFrame(frame: Uint8Array): void {
    if (this.closed) return;
    let msg: PieceMessage;
    try {
      msg = decodePieceMessage(frame);
      this.check(msg);
    } catch (err) {
      this.misbehaved(errorMessage(err));
      return;
    }
    this.deliver(msg);
  }

  send(msg: PieceMessage): void {
    this.sendAll([msg]);
  }

  /** Several messages in one buffer and one stream write (each send() becomes its own muxer frame). */
  sendAll(msgs: PieceMessage[]): void {
    if (this.closed || msgs.length === 0) return;
    this.write(framedMessages(msgs));
  }

  /**
   * Until endBatch(), everything sent is written into one buffer of `capacity` bytes (a fresh
   * one if that fills) and then goes out as one stream write: one muxer frame (and one window
   * update back) for the hashes answers and the blocks after them.
   */
  beginBatch(capacity: number): void {
    if (this.batch) return;
    this.batch = new FrameBatch(capacity);
    this.batchCapacity = capacity;
  }

  /** Bytes gathered by the open batch. */
  get batchBytes(): number {
    return this.batch?.bytes ?? 0;
  }

  endBatch(): void {
    if (this.reservedAt !== undefined) this.blocksFailed(this.reservedAt); // never send unfilled frames
    const b = this.batch;
    this.batch = undefined;
    if (!b || b.bytes === 0 || this.closed) return;
    this.emit(b.filled());
  }

  /**
   * Adds the frames of blocks [first, first + count) to the open batch and returns one 16 KiB
   * view per block, for the caller to read the blocks into. Until blocksFilled() or
   * blocksFailed(), whatever else is sent waits, so it goes out after these frames.
   */
  reserveBlocks(first: number, count: number): { views: Uint8Array[]; mark: number } {
    const need = FrameBatch.blocksBytes(first, count);
    if (!this.batch) this.beginBatch(need);
    if (this.batch!.room < need) this.spill(need);
    this.held = [];
    this.reservedAt = this.batch!.bytes;
    return { views: this.batch!.reserveBlocks(first, count), mark: this.reservedAt };
  }

  /** The reserved blocks hold their bytes: they go out with the batch. */
  blocksFilled(count: number): void {
    this.bytesUploaded += count * BLOCK_BYTES;
    this.releaseHeld();
  }

  /** The reserved blocks could not be read: their frames are dropped (`mark` from reserveBlocks). */
  blocksFailed(mark: number): void {
    this.batch?.truncate(mark);
    this.releaseHeld();
  }

  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.reservedAt = undefined;
    for (const bytes of held) this.write(bytes);
  }

  // The open batch cannot take `need` more bytes: what it holds leaves now, a new one begins.
  private spill(need: number): void {
    const full = this.batch!;
    if (full.bytes > 0 && !this.closed) this.emit(full.filled());
    this.batch = new FrameBatch(Math.max(this.batchCapacity, need));
  }

  private write(bytes: Uint8Array): void {
    if (this.batch) {
      if (this.held) {
        this.held.push(bytes);
        return;
      }
      if (this.batch.room < bytes.length) this.spill(bytes.length);
      this.batch.put(bytes);
      return;
    }
    this.emit(bytes);
  }

  private emit(bytes: Uint8Array): void {
    // Corked until the end of this turn: the requests, Haves and rejects one incoming chunk
    // causes leave as one stream write (one muxer frame, one socket write) instead of several.
    if (this.corked) {
      this.corked.push(bytes);
      return;
    }
    this.corked = [bytes];
    queueMicrotask(() => this.uncork());
  }

  private uncork(): void {
    const parts = this.corked;
    this.corked = undefined;
    if (!parts || this.closed) return;
    try {
      if (parts.length === 1) this.stream.send(parts[0]!);
      else {
        const joined = Buffer.concat(parts);
        for (const p of parts) sendBuffers.consumed(p); // copied: a batch's buffer may be reused
        this.stream.send(joined);
      }
    } catch (err) {
      this.close(`send failed: ${errorMessage(err)}`);
    }
  }

  reject(first: number, count: number, reason: RejectReason, message: string): void {
    this.send({ type: 'reject', first, count, reason, message });
  }

  choke(): void {
    if (this.amChoking) return;
    this.amChoking = true;
    this.send({ type: 'choke' });
  }

  unchoke(): void {
    if (!this.amChoking) return;
    this.amChoking = false;
    this.send({ type: 'unchoke' });
  }

  setInterested(interested: boolean): void {
    if (this.amInterested === interested) return;
    this.amInterested = interested;
    this.send({ type: interested ? 'interested' : 'not_interested' });
  }

  /** Provably bad data: ban the peer (which hangs up its connection) and close. */
  misbehaved(reason: string): void {
    if (this.closed) return;
    this.ctx.ban(this.peer, `pieces: ${reason}`);
    this.close(reason, true);
  }

  close(reason: string, abort = false): void {
    if (this.closed) return;
    this.ctx.log.debug('swarm: session closed', { peer: this.peer, content: this.idHex, reason });
    if (!abort) this.uncork(); // what was said before a polite close still goes out
    if (abort) this.stream.abort(new SwarmError('SWARM_SESSION_CLOSED', reason));
    else void this.stream.close({ signal: AbortSignal.timeout(2000) }).catch(() => this.stream.abort(new Error('close timed out')));
    this.onStreamClosed();
  }

  private onStreamClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of this.closeCallbacks.splice(0)) cb();
    this.listener?.onClose(this);
  }

  private deliver(msg: PieceMessage): void {
    if (this.closed || !this.listener) return;
    switch (msg.type) {
      case 'bitfield':
        this.remote = new Bitfield(this.layout.numPieces, msg.bits);
        this.listener!.onPeerPieces(this, 'all-of-bitfield');
        return;
      case 'have':
        if (this.remote.set(msg.piece)) this.listener!.onPeerPieces(this, [msg.piece]);
        return;
      case 'choke':
        this.peerChoking = true;
        break;
      case 'unchoke':
        this.peerChoking = false;
        break;
      case 'interested':
        this.peerInterested = true;
        break;
      case 'not_interested':
        this.peerInterested = false;
        break;
      case 'block':
        this.bytesDownloaded += msg.data.length;
        break;
    }
    this.listener!.onMessage(this, msg);
  }

  // Checks that do not need the store: a failure is the peer's fault.
  private check(msg: PieceMessage): void {
    const { numPieces, numBlocks } = this.layout;
    switch (msg.type) {
      case 'handshake':
        throw new SwarmError('SWARM_BAD_MESSAGE', 'a second handshake');
      case 'bitfield':
        if (this.gotBitfield) throw new SwarmError('SWARM_BAD_MESSAGE', 'a second bitfield');
        if (!Bitfield.isValid(numPieces, msg.bits)) throw new SwarmError('SWARM_BAD_MESSAGE', 'a bitfield of the wrong length or with spare bits set');
        this.gotBitfield = true;
        return;
      case 'have':
        if (msg.piece >= numPieces) throw new SwarmError('SWARM_BAD_MESSAGE', `have of piece ${msg.piece} of ${numPieces}`);
        return;
      case 'block':
        if (msg.index >= numBlocks) throw new SwarmError('SWARM_BAD_MESSAGE', `block ${msg.index} of ${numBlocks}`);
        return;
      case 'peers':
        try {
          checkPeerAddrs(msg.addrs);
        } catch (err) {
          throw new SwarmError('SWARM_BAD_MESSAGE', `a peer address that does not parse: ${errorMessage(err)}`);
        }
        return;
      default:
        return;
    }
  }
}

/** The handshake frame for a content. */
export function handshakeMessage(contentId: Uint8Array): PieceMessage {
  return { type: 'handshake', contentId, version: PIECES_VERSION };
}

/**
 * Reads frames off a stream into `onFrame`; an oversized frame bans the peer. Like readFrames
 * (src/p2p/streams.ts), but it takes a message's chunks one by one instead of joining them:
 * a frame that lies inside one chunk is a view of it, only frames across chunks are copied.
 */
export function pumpFrames(ctx: SwarmContext, stream: Stream, peer: string, onFrame: (f: Uint8Array) => void): void {
  const decoder = new FrameDecoder(MAX_FRAME_BYTES);
  let failed = false;
  const take = (chunk: Uint8Array): void => {
    for (const frame of decoder.push(chunk)) {
      if (failed) return;
      onFrame(frame);
    }
  };
  stream.addEventListener('message', (evt) => {
    if (failed) return;
    try {
      if (evt.data instanceof Uint8Array) take(evt.data);
      else for (const chunk of evt.data) take(chunk);
    } catch (err) {
      failed = true;
      ctx.ban(peer, `pieces: ${errorMessage(err)}`);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** Messages as length-prefixed frames, one after another in one buffer (one stream write). */
export function framedMessages(msgs: readonly PieceMessage[]): Uint8Array {
  const payloads = msgs.map(encodePieceMessage);
  const out = new Uint8Array(payloads.reduce((n, p) => n + 4 + p.length, 0));
  let pos = 0;
  for (const p of payloads) {
    out.set(frameHeader(p.length), pos);
    out.set(p, pos + 4);
    pos += 4 + p.length;
  }
  return out;
}
