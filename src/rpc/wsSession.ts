// One websocket client: requests in (single or batch), responses and pushed events out, through
// a bounded send queue of our own. A client that cannot keep up is dropped; it never slows the
// others, and it never silently misses an event: what it got is a gap-free prefix, then the
// close frame (1008 "client too slow: ...") that tells it to reconnect and re-read from a height.
import type { WebSocket } from 'ws';
import { handleRequest, MAX_BATCH_REQUESTS, parseErrorResponse, errorResponse } from './dispatch.js';
import { JSONRPC_INVALID_REQUEST, RpcError } from './errors.js';
import type { MethodDeps } from './methodTypes.js';
import type { SubscriberHandle } from './subscriptions.js';

export const CLOSE_TOO_SLOW = 1008; // policy violation
/** How long a dropped client's socket may stay open for its close frame to get through. */
const TERMINATE_GRACE_MS = 5_000;
/**
 * Bytes we let the socket hold before queueing on our side. Kept small so that, when a client
 * is dropped, its close frame sits behind little data: the queue itself is simply discarded.
 */
const SOCKET_LOW_WATER_BYTES = 64 * 1024;

/** A queued message: one buffer, or a head and a body shared with other clients. */
type Pending = Buffer | readonly [Buffer, Buffer];

export class WsSession implements SubscriberHandle {
  private closed = false;
  private alive = true;
  private queue: Pending[] = [];
  private queueStart = 0;
  private queuedBytes = 0;
  private readonly onWritten = (err?: Error): void => {
    if (!err) this.pump();
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: MethodDeps,
    private readonly maxSendBufferBytes: number,
    private readonly onGone: (s: WsSession) => void,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.gone());
    ws.on('error', () => this.gone());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes accepted but not yet handed to the kernel (our queue and the socket's buffer). */
  get unsentBytes(): number {
    return this.queuedBytes + this.ws.bufferedAmount;
  }

  /** Queues text (a response); false if the client is gone or was just dropped as too slow. */
  send(text: string): boolean {
    return this.enqueue(Buffer.from(text), 0);
  }

  sendParts(head: Buffer, body: Buffer): boolean {
    return this.enqueue([head, body], head.length + body.length);
  }

  /**
   * The client is dropped once its unsent backlog is already over the cap when another message
   * comes. One message may exceed the cap by itself (a NewBlock of a full block does), so the
   * backlog is bounded by the cap plus one message.
   */
  private enqueue(msg: Pending, size: number): boolean {
    if (this.closed) return false;
    const bytes = size || (msg as Buffer).length;
    if (this.queue.length === this.queueStart && this.ws.bufferedAmount < SOCKET_LOW_WATER_BYTES) {
      this.write(msg);
      return true;
    }
    if (this.unsentBytes > this.maxSendBufferBytes) {
      this.drop(CLOSE_TOO_SLOW, `client too slow: more than ${this.maxSendBufferBytes} bytes waiting to be sent`);
      return false;
    }
    this.queue.push(msg);
    this.queuedBytes += bytes;
    return true;
  }

  private write(msg: Pending): void {
    const data = Buffer.isBuffer(msg) ? msg : Buffer.concat(msg as readonly [Buffer, Buffer]);
    this.ws.send(data, { binary: false }, this.onWritten);
  }

  /** Moves queued messages to the socket while it has room. */
  private pump(): void {
    while (!this.closed && this.queueStart < this.queue.length && this.ws.bufferedAmount < SOCKET_LOW_WATER_BYTES) {
      const msg = this.queue[this.queueStart]!;
      this.queue[this.queueStart++] = EMPTY;
      this.queuedBytes -= Buffer.isBuffer(msg) ? msg.length : msg[0].length + msg[1].length;
      this.write(msg);
    }
    if (this.queueStart === this.queue.length) {
      this.queue = [];
      this.queueStart = 0;
    } else if (this.queueStart > 1024 && this.queueStart * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueStart);
      this.queueStart = 0;
    }
  }

  /** Called by the server's ping timer. */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.alive) return this.drop(1001, 'no pong received');
    this.alive = false;
    this.ws.ping();
  }

  drop(code: number, reason: string): void {
    if (this.closed) return;
    this.gone();
    // What is still queued on our side is discarded: the close frame follows what the client
    // already has coming, so it sees a gap-free prefix of its events and then the reason.
    this.queue = [];
    this.queueStart = 0;
    this.queuedBytes = 0;
    this.ws.close(code, reason);
    // The close frame waits behind whatever is buffered; don't wait for a client that won't read.
    setTimeout(() => this.ws.terminate(), TERMINATE_GRACE_MS).unref();
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.onGone(this);
  }

  private async onMessage(data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) {
      this.sendJson(errorResponse(null, new RpcError(JSONRPC_INVALID_REQUEST, 'send JSON-RPC as text frames')));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch (err) {
      this.sendJson(parseErrorResponse(`error unmarshaling request: ${(err as Error).message}`));
      return;
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0 || parsed.length > MAX_BATCH_REQUESTS) {
        this.sendJson(errorResponse(null, new RpcError(JSONRPC_INVALID_REQUEST, `a batch holds 1 to ${MAX_BATCH_REQUESTS} requests`)));
        return;
      }
      const responses = [];
      for (const r of parsed) {
        const res = await handleRequest(r, this.deps, this);
        if (res) responses.push(res);
      }
      if (responses.length > 0) this.sendJson(responses);
      return;
    }
    const res = await handleRequest(parsed, this.deps, this);
    if (res) this.sendJson(res);
  }

  private sendJson(value: unknown): void {
    this.send(JSON.stringify(value));
  }
}

const EMPTY: Pending = Buffer.alloc(0);
