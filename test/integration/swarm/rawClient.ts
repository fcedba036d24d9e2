// A hand-driven piece-protocol client for bad-input tests: sends whatever bytes it is told to
// and records the messages and the close it gets back.
import type { Libp2p, Stream } from '@libp2p/interface';
import { frameHeader } from '../../../src/p2p/framing.js';
import { framedMessages, pumpFrames } from '../../../src/swarm/session.js';
import { PROTOCOL_PIECES } from '../../../src/swarm/protocol.js';
import { decodePieceMessage, encodePieceMessage, type PieceMessage } from '../../../src/swarm/wire.js';
import { silentLogger } from '../../../src/consensus/interface.js';
import { waitFor } from './harness.js';

export class RawClient {
  readonly got: PieceMessage[] = [];
  closed = false;

  private constructor(readonly stream: Stream) {
    // Closed, or the server closed its side (a graceful close after a reject).
    stream.addEventListener('close', () => {
      this.closed = true;
    });
    stream.addEventListener('remoteCloseWrite', () => {
      this.closed = true;
    });
    const ctx = { libp2p: undefined as never, log: silentLogger, peers: () => [], ban: () => {}, isBanned: () => false };
    pumpFrames(ctx, stream, 'server', (f) => this.got.push(decodePieceMessage(f)));
  }

  static async open(from: Libp2p, to: Libp2p): Promise<RawClient> {
    await from.dial(to.getMultiaddrs()[0]!);
    return new RawClient(await from.dialProtocol(to.peerId, PROTOCOL_PIECES));
  }

  send(msg: PieceMessage): void {
    this.sendRaw(encodePieceMessage(msg));
  }

  /** Several messages in one write (they arrive together). */
  sendMany(msgs: PieceMessage[]): void {
    this.stream.send(framedMessages(msgs));
  }

  sendRaw(payload: Uint8Array, declaredLength = payload.length): void {
    const out = new Uint8Array(4 + payload.length);
    out.set(frameHeader(declaredLength), 0);
    out.set(payload, 4);
    this.stream.send(out);
  }

  async next<T extends PieceMessage['type']>(type: T, timeoutMs = 3000): Promise<Extract<PieceMessage, { type: T }>> {
    await waitFor(`a ${type} message`, () => this.got.some((m) => m.type === type), timeoutMs);
    const i = this.got.findIndex((m) => m.type === type);
    return this.got.splice(i, 1)[0] as Extract<PieceMessage, { type: T }>;
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    await waitFor('the stream to close', () => this.closed, timeoutMs);
  }
}
