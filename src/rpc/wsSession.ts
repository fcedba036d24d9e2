// One websocket client: requests in (single or batch), responses and pushed events out, through
// a bounded send buffer. A client that cannot keep up is dropped; it never slows the others.
import type { WebSocket } from 'ws';
import { handleRequest, MAX_BATCH_REQUESTS, parseErrorResponse, errorResponse } from './dispatch.js';
import { JSONRPC_INVALID_REQUEST, RpcError } from './errors.js';
import type { MethodDeps } from './methodTypes.js';
import type { SubscriberHandle } from './subscriptions.js';

export const CLOSE_TOO_SLOW = 1008; // policy violation
const TERMINATE_GRACE_MS = 1000;

export class WsSession implements SubscriberHandle {
  private closed = false;
  private alive = true;

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

  /**
   * Queues text; false (and the client is dropped) if its unsent backlog is already over the
   * cap. One message may exceed the cap by itself (a NewBlock of a full block does), so the
   * backlog is bounded by the cap plus one message.
   */
  send(text: string): boolean {
    if (this.closed) return false;
    if (this.ws.bufferedAmount > this.maxSendBufferBytes) {
      this.drop(CLOSE_TOO_SLOW, `client too slow: more than ${this.maxSendBufferBytes} bytes waiting to be sent`);
      return false;
    }
    this.ws.send(text);
    return true;
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
