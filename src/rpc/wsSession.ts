// One websocket client: requests in (single or batch), responses and pushed events out, through
// a bounded send queue of our own. A client that cannot keep up is dropped; it never slows the
// others, and it never silently misses an event: what it got is a gap-free prefix, then the
// close frame (1008 "client too slow: ...") that tells it to reconnect and re-read from a height.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { handleRequest, MAX_BATCH_REQUESTS, parseErrorResponse, errorResponse } from './dispatch.js';
import { JSONRPC_INVALID_REQUEST, RpcError } from './errors.js';
import type { MethodDeps } from './methodTypes.js';
import type { SubscriberHandle } from './subscriptions.js';
import { WsSendQueue } from './wsSendQueue.js';

export const CLOSE_TOO_SLOW = 1008; // policy violation
/** How long a dropped client's socket may stay open for its close frame to get through. */
const TERMINATE_GRACE_MS = 5_000;

export class WsSession implements SubscriberHandle {
  private closed = false;
  private alive = true;
  private readonly out: WsSendQueue;

  constructor(
    private readonly ws: WebSocket,
    socket: Socket,
    private readonly deps: MethodDeps,
    private readonly maxSendBufferBytes: number,
    private readonly onGone: (s: WsSession) => void,
  ) {
    this.out = new WsSendQueue(ws, socket, maxSendBufferBytes);
    ws.on('message', (data, isBinary) => void this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.gone());
    ws.on('error', () => this.gone());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes accepted for this client but not yet handed to the kernel. */
  get unsentBytes(): number {
    return this.out.unsentBytes;
  }

  /** Queues text (a response); false if the client is gone or was just dropped as too slow. */
  send(text: string): boolean {
    return this.enqueue(Buffer.from(text));
  }

  sendParts(head: Buffer, body: Buffer): boolean {
    return this.enqueue([head, body]);
  }

  private enqueue(msg: Buffer | readonly [Buffer, Buffer]): boolean {
    if (this.closed) return false;
    if (this.out.push(msg)) return true;
    this.drop(CLOSE_TOO_SLOW, `client too slow: more than ${this.maxSendBufferBytes} bytes waiting to be sent`);
    return false;
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
    this.out.discard();
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

